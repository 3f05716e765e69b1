"""The peer of `casa export --layer FILE --out slide.png`: the same layer drawn by geopandas
and matplotlib on a 1920x1080 PNG, in the same Albers equal-area projection and extent as
CASA's overview (standard parallels 35 and 50 N, centred on 65 E), countries tinted and
outlined. Usage: python3 slide.py LAYER.geojson OUT.png"""
import sys

import geopandas
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ALBERS = "+proj=aea +lat_1=35 +lat_2=50 +lat_0=42.5 +lon_0=65 +datum=WGS84 +units=m"


def main(layer, out):
    world = geopandas.read_file(layer).to_crs(ALBERS)
    fig = plt.figure(figsize=(19.2, 10.8), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    world.plot(ax=ax, facecolor="#e8a0d860", edgecolor="#c0189a", linewidth=1.2)
    # Central Asia and its neighbours, as the overview frames them.
    ax.set_xlim(-2_600_000, 2_600_000)
    ax.set_ylim(-1_500_000, 1_700_000)
    ax.set_axis_off()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
