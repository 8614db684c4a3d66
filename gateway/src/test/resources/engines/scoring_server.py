#!/usr/bin/env python3
"""A heterogeneous engine for Weft's tests and demo: a small HTTP/JSON scoring
service with its own protocol (standard library only).

  POST /score            sync: the answer is {"score": ..., "count": ...}
  POST /jobs             async: 202 {"job": id}; the job finishes after --delay-ms;
                         when the request names a callback (body "callback" {url, token}),
                         the service POSTs {"state": "done", "result": {...}} there
                         with "Authorization: Bearer <token>" (push), else it only
                         keeps it for GET /jobs/<id> (pull)
  GET  /jobs/<id>        {"state": "running"} | {"state": "done", "result": {...}}; 404 unknown
  POST /control          test knobs: {"drop_every": N (every Nth callback is not sent),
                         "duplicate": bool, "forge": bool, "late_ms": ms, "delay_ms": ms}
  GET  /stats            {"posts", "polls", "callbacks": [[job, status], ...], ...}

The score of a request: the parameter "values" (comma-separated decimals) and
every upstream result's "value" (or "score") summed, times the parameter "weight" (default 1).

Usage: scoring_server.py --port 0 [--cert C --key K --ca CA] [--delay-ms 300]
Prints "listening on <port>" once it serves.
"""
import argparse
import json
import ssl
import sys
import threading
import urllib.request
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"jobs": {}, "next": 0, "posts": 0, "polls": 0, "callbacks": [], "sent": 0,
         "drop_every": 0, "duplicate": False, "forge": False, "late_ms": 0, "delay_ms": 300}
LOCK = threading.Lock()
ARGS = None


def plain(d):
    s = format(d.normalize(), "f")
    return int(s) if "." not in s else float(s)


def score(envelope):
    params = envelope.get("parameters", {}) if "parameters" in envelope else envelope
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
    return {"score": plain(total * weight), "count": count, "engine": "python-scoring"}


def ssl_context():
    ctx = ssl.create_default_context(cafile=ARGS.ca) if ARGS.ca else ssl.create_default_context()
    if ARGS.cert:
        ctx.load_cert_chain(ARGS.cert, ARGS.key)
    ctx.check_hostname = False
    return ctx


def post_callback(url, token, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, context=ssl_context(), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:  # connection refused, TLS refused
        return "error:" + type(e).__name__


def finish(job_id):
    with LOCK:
        job = STATE["jobs"].get(job_id)
        if job is None:
            return
        job["state"] = "done"
        cb = job.get("callback")
        STATE["sent"] += 1
        n = STATE["sent"]
        drop = STATE["drop_every"] and n % STATE["drop_every"] == 0
        duplicate, forge, late_ms = STATE["duplicate"], STATE["forge"], STATE["late_ms"]
    if not cb or drop:
        if cb:
            record(job_id, "dropped")
        return
    body = {"state": "done", "result": job["result"]}
    if late_ms:
        threading.Timer(late_ms / 1000.0, lambda: record(job_id, post_callback(cb["url"], cb["token"], body))).start()
        return
    if forge:
        record(job_id, post_callback(cb["url"], cb["token"][::-1] + "x", body))
    record(job_id, post_callback(cb["url"], cb["token"], body))
    if duplicate:
        record(job_id, post_callback(cb["url"], cb["token"], body))


def record(job_id, status):
    with LOCK:
        STATE["callbacks"].append([job_id, status])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle's algorithm on, the body waits for the
    # client's delayed ACK (about 40 ms on Linux) on some exchanges and not on others.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, doc=None):
        data = b"" if doc is None else json.dumps(doc, sort_keys=True).encode()
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
        envelope = self.body()
        with LOCK:
            STATE["posts"] += 1
        if (envelope.get("parameters") or {}).get("reject") == "yes":
            return self.reply(422, {"error": "BAD_VALUES", "detail": "the service refuses this input"})
        if self.path == "/score":
            return self.reply(200, score(envelope))
        if self.path == "/jobs":
            with LOCK:
                STATE["next"] += 1
                job_id = "j%d" % STATE["next"]
                STATE["jobs"][job_id] = {"state": "running", "result": score(envelope),
                                         "callback": envelope.get("callback")}
                delay = STATE["delay_ms"]
            threading.Timer(delay / 1000.0, finish, args=(job_id,)).start()
            return self.reply(202, {"job": job_id})
        return self.reply(404, {"error": "NO_SUCH_PATH"})

    def do_GET(self):
        if self.path == "/stats":
            with LOCK:
                return self.reply(200, {k: STATE[k] for k in ("posts", "polls", "callbacks", "sent")})
        if self.path.startswith("/jobs/"):
            with LOCK:
                STATE["polls"] += 1
                job = STATE["jobs"].get(self.path[len("/jobs/"):])
            if job is None:
                return self.reply(404, {"error": "NO_SUCH_JOB"})
            if job["state"] == "done":
                return self.reply(200, {"state": "done", "result": job["result"]})
            return self.reply(200, {"state": "running"})
        return self.reply(404, {"error": "NO_SUCH_PATH"})


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--ca")
    p.add_argument("--delay-ms", type=int, default=300)
    ARGS = p.parse_args()
    STATE["delay_ms"] = ARGS.delay_ms
    class Server(ThreadingHTTPServer):
        request_queue_size = 1024

    server = Server(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
