#!/usr/bin/env python3
"""A local program as a heterogeneous engine (S1.7 local), for tests and the demo.

Reads Weft's request envelope (JSON) from standard input, or from the file
$WEFT_REQUEST_FILE when stdin is empty, and writes its answer as JSON to
standard output, or to $WEFT_RESULT_FILE when that variable is set and the
argument --to-file is given. The answer: {"score": <sum of parameter values and
upstream results' value or score, times weight>, "count": n, "argv": <number of
arguments it was started with>}.

The parameter "behaviour" (data from the task) makes it misbehave on purpose:
  reject  exit 2 (the input is wrong)        crash   exit 1 with a traceback on stderr
  sleep   sleep 60 s                         spawn   start a child that sleeps, then sleep
  flood   write output without end           stderr  write a marker to stderr, then answer
"""
import json
import os
import subprocess
import sys
import time
from decimal import Decimal


def main():
    raw = sys.stdin.read()
    if not raw.strip():
        with open(os.environ["WEFT_REQUEST_FILE"]) as f:
            raw = f.read()
    envelope = json.loads(raw)
    params = envelope.get("parameters", envelope)
    behaviour = params.get("behaviour", "")
    if behaviour == "reject":
        print("values refused", file=sys.stderr)
        return 2
    if behaviour == "crash":
        raise RuntimeError("the program broke down")
    if behaviour == "sleep":
        time.sleep(60)
    if behaviour == "spawn":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        with open(os.path.join(os.environ["TMPDIR"], "child.pid"), "w") as f:
            f.write(str(child.pid))
        pidfile = params.get("pidfile")
        if pidfile:
            with open(pidfile, "w") as f:
                f.write("%d %d" % (os.getpid(), child.pid))
        time.sleep(60)
    if behaviour == "flood":
        chunk = "x" * 65536
        while True:
            sys.stdout.write(chunk)
    if behaviour == "stderr":
        print("stderr-marker-7f3a: internal detail", file=sys.stderr)
    total = Decimal(0)
    count = 0
    for v in filter(None, (params.get("values") or "").split(",")):
        total += Decimal(v.strip())
        count += 1
    for name, value in sorted((envelope.get("inputs") or {}).items()):
        if name.startswith("result:") and isinstance(value, dict):
            upstream = value.get("value", value.get("score"))
            if upstream is not None:
                total += Decimal(str(upstream))
                count += 1
    weight = Decimal(params.get("weight", "1"))
    s = format((total * weight).normalize(), "f")
    answer = {"score": int(s) if "." not in s else float(s), "count": count, "argv": len(sys.argv) - 1,
              "engine": "python-program"}
    text = json.dumps(answer, sort_keys=True)
    if "--to-file" in sys.argv:
        with open(os.environ["WEFT_RESULT_FILE"], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
