"""Mixed traffic against a running auth-server for a while, sampling its memory and open file
descriptors: every operation on both platforms, batches, refusals (bad JSON, schema breaks,
unknown sessions, wrong OTPs, limits), whole logins with the OTP read off the console, and
clients that send half a request and stall. Prints the samples' figures against their bounds
and exits 1 when one is passed, and when the traffic did not do what it is for: any 5xx, an
answer without the fields the API documents, fewer whole logins than one per second, or a
stalled client the server did not cut off within its request deadline.

    python3 scripts/soak.py PORT PID CONSOLE_LOG SECONDS
"""

import http.client
import json
import os
import random
import re
import socket
import sys
import threading
import time

PORT, PID, CONSOLE, SECONDS = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
RSS_BOUND_MB = 150
FD_BOUND = 200
# soak.sh starts the server with --request-timeout 2: a stalled client is cut off by then.
STALL_CUT_OFF_SECONDS = 4
deadline = time.time() + SECONDS
counts = {}
lock = threading.Lock()


def count(key):
    with lock:
        counts[key] = counts.get(key, 0) + 1


def post(connection, path, body):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    connection.request("POST", path, body=data, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    payload = response.read()
    count(response.status)
    try:
        return response.status, json.loads(payload)
    except ValueError:
        return response.status, None


def last_otp(number):
    try:
        with open(CONSOLE, encoding="utf-8", errors="replace") as console:
            found = None
            for line in console:
                if f" to {number}," in line:
                    match = re.search(r"OTP is (\d+)", line)
                    found = match.group(1) if match else found
            return found
    except OSError:
        return None


def login_flows(worker):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    rounds = 0
    while time.time() < deadline:
        rounds += 1
        number = f"9180{worker}{rounds % 100000:06d}"
        web = rounds % 2 == 0
        prefix = "/auth/v1/web" if web else "/auth/v1"
        identity = {"identifierType": "MOBILE", "identifierValue": number, "brand": "Soak"}
        if not web:
            identity["deviceId"] = f"device-{worker}"
        try:
            status, answer = post(connection, prefix + "/token/generate", identity)
            if status != 200:
                continue
            session = answer["user"]["sessionId"]
            post(connection, prefix + "/otp/generate", {**identity, "sessionId": session})
            post(connection, prefix + "/otp/validate", {**identity, "sessionId": session, "otp": "000000"})
            otp = last_otp(number)
            status, answer = post(connection, prefix + "/otp/validate", {**identity, "sessionId": session, "otp": otp or "1"})
            if status == 200:
                count("login")
                if web:
                    token = answer["auth"]["token"]
                    status, answer = post(connection, prefix + "/token/regenerate", {**identity, "expiredToken": token})
                    if status == 200:
                        count("renewal")
                        post(connection, prefix + "/token/expire", {**identity, "token": answer["auth"]["token"]})
                else:
                    key = answer["auth"]["key"]
                    status, answer = post(connection, prefix + "/token/regenerate", {**identity, "key": key})
                    if status == 200:
                        count("renewal")
                        post(connection, prefix + "/token/expire", {**identity, "key": answer["auth"]["key"]})
        except (OSError, http.client.HTTPException):
            count("client error")
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        except (KeyError, TypeError):
            # A 200 without the fields the API documents is the server's fault, not the client's.
            count("malformed answer")


def refusals(worker):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    bodies = [
        b'{"identifierType": "MOBILE",',
        b'{"identifierType": "MOBILE", "identifierType": "EMAIL"}',
        {"identifierType": "PHONE", "brand": "Soak"},
        {"identifierType": "MOBILE", "identifierValue": "call me", "brand": "Soak", "deviceId": "d"},
        {"identifierType": "MOBILE", "identifierValue": "919999999993", "brand": "Soak", "deviceId": "d", "sessionId": "P-none"},
        [{"identifierType": "USERNAME", "identifierValue": f"user{worker}", "brand": "Soak", "deviceId": "d"}] * 20,
        {"identifierType": "MOBILE", "identifierValue": "9" * 300, "brand": "Soak", "deviceId": "d"},
    ]
    paths = ["/auth/v1/token/generate", "/auth/v1/otp/generate", "/auth/v1/otp/validate", "/auth/v1/web/token/regenerate"]
    while time.time() < deadline:
        try:
            post(connection, random.choice(paths), random.choice(bodies))
        except (OSError, http.client.HTTPException):
            count("client error")
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)


def stallers():
    held = []
    while time.time() < deadline:
        try:
            stalled = socket.create_connection(("127.0.0.1", PORT), timeout=5)
            stalled.sendall(b"POST /auth/v1/otp/generate HTTP/1.1\r\nHost: soak\r\nContent-Length: 50\r\n\r\n{")
            held.append((time.time(), stalled))
            count("stalled client")
        except OSError:
            count("stall refused")
        # Each stalled client long past the request deadline must have been cut off by now.
        still = []
        for started, stalled in held:
            if time.time() - started < STALL_CUT_OFF_SECONDS:
                still.append((started, stalled))
                continue
            stalled.setblocking(False)
            try:
                closed = stalled.recv(1) == b""
            except BlockingIOError:
                closed = False
            except OSError:
                closed = True
            count("stalled client cut off" if closed else "stalled client not cut off")
            stalled.close()
        held = still
        time.sleep(0.2)
    for _, stalled in held:
        stalled.close()


def sample():
    with open(f"/proc/{PID}/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
    return rss, len(os.listdir(f"/proc/{PID}/fd"))


threads = [threading.Thread(target=login_flows, args=(n,)) for n in range(3)]
threads += [threading.Thread(target=refusals, args=(n,)) for n in range(2)]
threads.append(threading.Thread(target=stallers))
for thread in threads:
    thread.start()
samples = []
while time.time() < deadline:
    time.sleep(1)
    samples.append(sample())
for thread in threads:
    thread.join()
time.sleep(1)
samples.append(sample())

rss = [s[0] for s in samples]
fds = [s[1] for s in samples]
half = max(1, len(samples) // 2)
print(f"soak: {SECONDS:.0f} s, {sum(v for k, v in counts.items() if isinstance(k, int))} answers " +
      ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))))
print(f"RSS MB: first half max {max(rss[:half]):.1f}, second half max {max(rss[half:]):.1f}, peak {max(rss):.1f} (bound {RSS_BOUND_MB})")
print(f"open fds: peak {max(fds)}, after the traffic {fds[-1]} (bound {FD_BOUND})")
problems = []
if max(rss) > RSS_BOUND_MB or max(fds) > FD_BOUND or fds[-1] > 60:
    problems.append("memory or file descriptors past their bounds")
server_errors = sum(v for k, v in counts.items() if isinstance(k, int) and k >= 500)
if server_errors:
    problems.append(f"{server_errors} answers were 5xx")
if counts.get("malformed answer", 0):
    problems.append(f"{counts['malformed answer']} answers lacked the fields the API documents")
if counts.get("login", 0) < SECONDS:
    problems.append(f"{counts.get('login', 0)} whole logins, fewer than one a second")
if counts.get("stalled client cut off", 0) == 0 or counts.get("stalled client not cut off", 0):
    problems.append(
        f"{counts.get('stalled client not cut off', 0)} stalled clients outlived the deadline, "
        f"{counts.get('stalled client cut off', 0)} were cut off")
for problem in problems:
    print(f"soak failed: {problem}")
sys.exit(1 if problems else 0)
