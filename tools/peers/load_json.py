"""The peer of `casa check --layer FILE`: Python's own JSON parser reading the file, and
nothing else (no validation at all). Usage: python3 load_json.py LAYER.geojson"""
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    json.load(f)
