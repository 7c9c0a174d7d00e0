"""A password-hashing flood against a running auth-server, /health timed before and during.
See scripts/flood-registration.sh.

    python3 scripts/flood-registration.py PORT SECONDS
"""

import collections
import http.client
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import auth_http  # noqa: E402

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
THREADS = 16
PASSWORD = "correct horse battery"
answers = collections.Counter()
lock = threading.Lock()


def identity(number):
    return auth_http.identity(number, "flood")


def health_latencies(count):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", "/health")
        connection.getresponse().read()
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    return latencies


def summary(latencies):
    ordered = sorted(latencies)
    return f"median {statistics.median(ordered):7.2f} ms, p99 {ordered[int(len(ordered) * 0.99) - 1]:7.2f} ms, max {ordered[-1]:7.2f} ms"


def flood(worker, deadline):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    serial = 0
    while time.time() < deadline:
        serial += 1
        number = f"9170{worker:02d}{serial:07d}"
        # A batch of registrations with passwords (the one that took 41 s and slowed /health to 4.2 s).
        batch = [{**identity(f"9171{worker:02d}{serial:05d}{item:02d}"), "password": PASSWORD, "confirmPassword": PASSWORD} for item in range(10)]
        status, body = auth_http.post(connection, "/auth/v1/token/generate", batch)
        with lock:
            for item in body if isinstance(body, list) else [body]:
                answers[f"batch item {item['status']['code']}"] += 1
        # A password login for a new identifier: a hash, for a customer that does not exist.
        status, body = auth_http.post(connection, "/auth/v1/token/generate", identity(number))
        session = body["user"]["sessionId"]
        status, body = auth_http.post(connection, "/auth/v1/password/validate", {**identity(number), "sessionId": session, "password": "guess"})
        with lock:
            answers[f"password/validate {status} {body['status']['code']}"] += 1


before = health_latencies(100)
deadline = time.time() + SECONDS
threads = [threading.Thread(target=flood, args=(worker, deadline)) for worker in range(THREADS)]
for thread in threads:
    thread.start()
time.sleep(1)
during = health_latencies(max(20, int((SECONDS - 2) / 0.03)))
for thread in threads:
    thread.join()
print(f"/health before the flood: {summary(before)}")
print(f"/health during the flood: {summary(during)}  ({THREADS} threads, {SECONDS:.0f} s)")
for answer, count in sorted(answers.items()):
    print(f"  {answer}: {count}")
