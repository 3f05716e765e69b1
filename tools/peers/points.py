"""Writes a GeoJSON FeatureCollection of N bare points spread over Central Asia and its
neighbours (a fixed seed, so every run writes the same file).
Usage: python3 points.py N OUT.geojson"""
import random
import sys


def main(n, out):
    rng = random.Random(7)
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(n):
            lon = 45.0 + 45.0 * rng.random()
            lat = 30.0 + 25.0 * rng.random()
            sep = ",\n" if i + 1 < n else "\n"
            f.write(
                '{"type":"Feature","properties":null,"geometry":{"type":"Point",'
                f'"coordinates":[{lon:.6f},{lat:.6f}]}}}}{sep}'
            )
        f.write("]}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
