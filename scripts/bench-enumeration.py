"""Known against unknown customers, interleaved, on a running auth-server: the median time of
each operation for each, and their ratio. See scripts/bench-enumeration.sh.

    python3 scripts/bench-enumeration.py PORT CONSOLE_LOG PAIRS
"""

import http.client
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import auth_http  # noqa: E402

PORT, CONSOLE, PAIRS = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
PASSWORD = "correct horse battery"
connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)


def post(path, body):
    return auth_http.post(connection, path, body)


def identity(number):
    return auth_http.identity(number, "bench-device")


def last_otp(number):
    with open(CONSOLE, encoding="utf-8") as console:
        return re.findall(rf" to {number},.*?OTP is (\d+)", console.read())[-1]


def log_in(number, **extra):
    me = identity(number)
    session = post("/auth/v1/token/generate", {**me, **extra})[1]["user"]["sessionId"]
    post("/auth/v1/otp/generate", {**me, "sessionId": session})
    time.sleep(0.05)
    return post("/auth/v1/otp/validate", {**me, "sessionId": session, "otp": last_otp(number)})[1]["auth"]["token"]


KNOWN, UNKNOWN, TAKEN = "919800000001", "919800000002", "919800000003"
token = log_in(KNOWN, password=PASSWORD, confirmPassword=PASSWORD)
log_in(TAKEN)


def timed(send):
    started = time.perf_counter()
    status = send()
    return time.perf_counter() - started, status


def session(number):
    return post("/auth/v1/token/generate", identity(number))[1]["user"]["sessionId"]


operations = {
    "token/generate": (lambda n: lambda: post("/auth/v1/token/generate", identity(n))[0], PAIRS),
    "registration": (
        lambda n: lambda: post("/auth/v1/token/generate", {**identity(n), "password": PASSWORD, "confirmPassword": PASSWORD})[0],
        PAIRS,
    ),
    "password/forget": (None, PAIRS),
    "user/updateIdentifierValue": (None, max(10, PAIRS // 5)),
}

# Warm up the server (caches, allocator, the store's pages) before anything is timed.
for _ in range(200):
    post("/auth/v1/token/generate", identity(KNOWN))
    post("/auth/v1/token/generate", identity(UNKNOWN))

print(f"{'operation':<40} {'known ms':>9} {'unknown ms':>11} {'ratio':>7}  pairs  statuses")
for name, (make, pairs) in operations.items():
    times = {"known": [], "unknown": []}
    statuses = set()
    for index in range(pairs):
        # Each goes first in every other pair, so neither gains from the other's warm-up.
        sides = (("known", KNOWN), ("unknown", UNKNOWN))
        for side, number in sides if index % 2 == 0 else reversed(sides):
            if name == "password/forget":
                sid = session(number)
                send = lambda: post("/auth/v1/password/forget", {**identity(number), "sessionId": sid, "password": PASSWORD, "confirmPassword": PASSWORD})[0]
            elif name == "user/updateIdentifierValue":
                target = TAKEN if side == "known" else "919800000004"
                send = lambda: post("/auth/v1/user/updateIdentifierValue", {**identity(KNOWN), "token": token, "newIdentifierType": "MOBILE", "newIdentifierValue": target, "password": PASSWORD})[0]
            else:
                send = make(number)
            elapsed, status = timed(send)
            times[side].append(elapsed * 1000)
            statuses.add(status)
    known, unknown = statistics.median(times["known"]), statistics.median(times["unknown"])
    label = name if name != "user/updateIdentifierValue" else name + " (taken/free)"
    print(f"{label:<40} {known:>9.3f} {unknown:>11.3f} {unknown / known:>7.3f}  {pairs:>5}  {sorted(statuses)}")
