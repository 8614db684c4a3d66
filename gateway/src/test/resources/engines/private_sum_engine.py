#!/usr/bin/env python3
"""A heterogeneous engine that takes part in a collaborative subtask (S1.10) through Weft's
conversion module http in mode steps (standard library only).

It keeps one organisation's sales in a CSV file of its own (a column "amount") and computes
its part of exchange.private-sum: it splits its total into additive shares, one for each
other participant, drawn from HMAC-SHA-256 of its own secret over the execution and the
receiver (so a step, or a whole attempt, repeated gives the same bytes); once every share
for it has arrived it sends its partial sum to everyone; once every partial sum has
arrived it answers the total. It keeps nothing between calls: every step recomputes from
what the module posts (the envelope and the items received so far).

  POST /steps    {"exchange": {"self", "participants", "step", "received": [{"from","name","data"}]},
                  "parameters": {"scale": "2"}, "task", "subtask", "attempt", ...}
                 -> {"send": [{"to","name","data"}], "wait": [{"from","name"}]} | {"result": {...}}
  POST /control  test knobs: {"flip": true} (a later step sends other bytes under a name it used)
  GET  /stats    {"steps": [[execution, step], ...]}

Usage: private_sum_engine.py --port 0 --sales sales.csv --secret-file secret
Prints "listening on <port>" once it serves.
"""
import argparse
import base64
import csv
import hashlib
import hmac
import json
import sys
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"steps": [], "flip": False}
LOCK = threading.Lock()
ARGS = None


def own_total(scale):
    with open(ARGS.sales, newline="") as f:
        total = sum((Decimal(row["amount"]) for row in csv.DictReader(f)), Decimal(0))
    unscaled = total.scaleb(scale)
    if unscaled != unscaled.to_integral_value():
        raise ValueError("a figure has more than %d decimal places" % scale)
    return int(unscaled)


def plain(d):
    """A decimal as the JSON number Weft writes canonically (a whole number, or the shortest float text)."""
    s = format(d.normalize(), "f")
    return int(s) if "." not in s else float(s)


def share(secret, execution, peer):
    draw = hmac.new(secret, ("%s|%s" % (execution, peer)).encode(), hashlib.sha256).digest()
    return int.from_bytes(draw, "big", signed=True)


def item(to, name, number):
    return {"to": to, "name": name, "data": base64.b64encode(str(number).encode("ascii")).decode("ascii")}


def step(envelope):
    x = envelope["exchange"]
    me, others = x["self"], sorted(p for p in x["participants"] if p != x["self"])
    scale = int((envelope.get("parameters") or {}).get("scale", "2"))
    execution = "%s/%s#%d" % (envelope["task"], envelope["subtask"], envelope["attempt"])
    got = {(r["from"], r["name"]): int(base64.b64decode(r["data"]).decode("ascii")) for r in x["received"]}
    with open(ARGS.secret_file, "rb") as f:
        secret = f.read()

    shares = {p: share(secret, execution, p) for p in others}
    with LOCK:
        if STATE["flip"] and x["step"] > 1:
            shares = {p: s + 1 for p, s in shares.items()}
    send = [item(p, "share", s) for p, s in shares.items()]
    if not all((p, "share") in got for p in others):
        return {"send": send, "wait": [{"from": p, "name": "share"} for p in others]}

    partial = own_total(scale) - sum(shares.values()) + sum(got[(p, "share")] for p in others)
    send += [item(p, "partial", partial) for p in others]
    if not all((p, "partial") in got for p in others):
        return {"send": send, "wait": [{"from": p, "name": "partial"} for p in others]}

    total = partial + sum(got[(p, "partial")] for p in others)
    return {"send": send, "result": {"operation": envelope["operation"], "participants": len(others) + 1,
                                     "total": plain(Decimal(total).scaleb(-scale))}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, doc):
        data = json.dumps(doc, sort_keys=True).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"{}")

    def do_POST(self):
        if self.path == "/control":
            with LOCK:
                STATE.update(self.body())
            return self.reply(200, {"ok": True})
        if self.path != "/steps":
            return self.reply(404, {"error": "NO_SUCH_PATH"})
        envelope = self.body()
        if envelope.get("operation") != "exchange.private-sum" or "exchange" not in envelope:
            return self.reply(422, {"error": "NOT_PRIVATE_SUM"})
        with LOCK:
            STATE["steps"].append(["%s/%s#%d" % (envelope["task"], envelope["subtask"], envelope["attempt"]),
                                   envelope["exchange"]["step"]])
        try:
            return self.reply(200, step(envelope))
        except ValueError:
            return self.reply(422, {"error": "OUT_OF_BOUNDS"})

    def do_GET(self):
        if self.path == "/stats":
            with LOCK:
                return self.reply(200, {"steps": STATE["steps"]})
        return self.reply(404, {"error": "NO_SUCH_PATH"})


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--sales", required=True)
    p.add_argument("--secret-file", required=True)
    ARGS = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
