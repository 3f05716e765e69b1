"""CASA against its peers, whole processes, one run: each command three times, the median
wall time and the peak resident memory (GNU time). Prints the table docs/PERFORMANCE.md
and the README show. Needs python3 with geopandas and matplotlib (pip), GNU time
(Debian: time), and the world file (tools/make-assets.sh --world).

Usage: python3 tools/peers/compare.py CASA [BEFORE_CASA]
  CASA         the release binary to measure (target/release/casa)
  BEFORE_CASA  optionally an earlier build of CASA, measured in the same run"""
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORLD = os.path.join(ROOT, "target", "world-10m.geojson")


def run(cmd, times=3):
    """Median seconds and the largest peak RSS (MB) of `cmd` over `times` runs."""
    walls, peaks = [], []
    for _ in range(times):
        out = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", *cmd],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
        wall, peak = out.stderr.strip().splitlines()[-1].split()
        walls.append(float(wall))
        peaks.append(int(peak) / 1024)
    return statistics.median(walls), max(peaks)


def main():
    casa = os.path.abspath(sys.argv[1])
    before = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
    if not os.path.exists(WORLD):
        sys.exit(f"{WORLD} is missing: run tools/make-assets.sh --world")
    tmp = tempfile.mkdtemp(prefix="casa-peers-")
    points = os.path.join(tmp, "points-1m.geojson")
    subprocess.run([sys.executable, os.path.join(HERE, "points.py"), "1000000", points], check=True)
    out = lambda name: os.path.join(tmp, name)  # noqa: E731
    py = sys.executable
    rows = []

    def measure(label, cmd, peer_label=None, peer=None, before_cmd=None):
        t, m = run(cmd)
        row = {"work": label, "casa": t, "mem": m}
        if peer:
            row["peer"] = peer_label
            row["peer_t"], row["peer_m"] = run(peer)
        if before and before_cmd:
            row["before"], _ = run(before_cmd)
        rows.append(row)
        return t, m

    slide = lambda exe, name: [exe, "export", "--layer", WORLD, "--out", out(name)]  # noqa: E731
    measure(
        "world layer, 1920x1080 PNG slide",
        slide(casa, "world.png"),
        "geopandas + matplotlib",
        [py, os.path.join(HERE, "slide.py"), WORLD, out("peer.png")],
        slide(before, "world-before.png") if before else None,
    )
    measure(
        "world layer, PDF slide",
        slide(casa, "world.pdf"),
        before_cmd=slide(before, "world-before.pdf") if before else None,
    )
    check = lambda exe: [exe, "check", "--layer", WORLD]  # noqa: E731
    measure(
        "validate the world layer (casa check --layer)",
        check(casa),
        "Python's json.load alone",
        [py, os.path.join(HERE, "load_json.py"), WORLD],
        check(before) if before else None,
    )
    overview = lambda exe, n: [exe, "export", "--out", out(n)]  # noqa: E731
    measure(
        "shipped overview, PNG slide",
        overview(casa, "o.png"),
        before_cmd=overview(before, "ob.png") if before else None,
    )
    deck = lambda exe, n: [exe, "export", "--briefing", "--out", out(n)]  # noqa: E731
    measure(
        "shipped briefing, PDF deck",
        deck(casa, "deck.pdf"),
        before_cmd=deck(before, "deckb.pdf") if before else None,
    )
    big = lambda exe, n: [exe, "export", "--layer", points, "--out", out(n)]  # noqa: E731
    load = lambda exe: [exe, "check", "--layer", points]  # noqa: E731
    measure(
        "1M points (102 MB), PNG slide",
        big(casa, "points.png"),
        "CASA's own load (check --layer)",
        load(casa),
        big(before, "pointsb.png") if before else None,
    )
    size_mb = os.path.getsize(points) / 1e6 / 1.048576
    print("| work | CASA | peer | ratio | peak memory |" + (" before | speed-up |" if before else ""))
    print("| --- | --- | --- | --- | --- |" + (" --- | --- |" if before else ""))
    for r in rows:
        peer = f"{r['peer']}: {r['peer_t']:.2f} s" if "peer" in r else ""
        ratio = f"{r['peer_t'] / r['casa']:.2f}x" if "peer" in r else ""
        line = f"| {r['work']} | {r['casa']:.2f} s | {peer} | {ratio} | {r['mem']:.0f} MB |"
        if before:
            b = r.get("before")
            line += f" {b:.2f} s | {b / r['casa']:.2f}x |" if b else " | |"
        print(line)
    last = rows[-1]
    print(
        f"\n1M points: the slide {last['casa']:.2f} s is {last['casa'] / last['peer_t']:.2f}x its load; "
        f"peak {last['mem']:.0f} MB is {last['mem'] / size_mb:.2f}x the file ({size_mb:.0f} MB)"
    )
    pdf, png = rows[1]["casa"], rows[0]["casa"]
    print(f"world layer: PDF {pdf:.2f} s against PNG {png:.2f} s ({pdf / png:.2f}x)")
    subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
