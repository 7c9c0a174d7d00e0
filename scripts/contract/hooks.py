"""schemathesis hooks for the auth API, so the stateful phase can run whole logins
(token/generate, otp/generate, otp/validate, token/regenerate) rather than stop at the first step:

- Random text is rarely a mobile number or an e-mail address, so every other token/generate for
  MOBILE or EMAIL gets a readable one, made from the generated text (the rest stay as generated,
  for the 422 path). Chains carry it on through their links.
- An OTP reaches its customer by its channel, never in an answer: otp/validate is given the OTP
  the server last printed for the request's identifier, read from the console provider's output.
  Half of the first-factor otp/validate requests first get a live session and an OTP of their
  own (the spec's links alone rarely chain the three calls).
- Each otp/validate that logs in with such an OTP is counted in the file AUTH_CONTRACT_LOGINS
  names, so the run can show it got past otp/validate (contract-fuzz.sh fails at 0).
"""

import hashlib
import json
import os
import re
import urllib.request

import schemathesis

LINE = re.compile(r"^\[\w+ to ([^,]+), .*?(\d{4,10})\b")


def last_otp(identifier):
    path = os.environ.get("AUTH_CONSOLE_OUTPUT")
    if not path or not os.path.exists(path):
        return None
    found = None
    with open(path, encoding="utf-8", errors="replace") as console:
        for line in console:
            match = LINE.match(line)
            if match and match.group(1) == identifier:
                found = match.group(2)
    return found


def canonical(kind, value):
    if kind == "MOBILE":
        digits = re.sub(r"[\s().\-/]", "", value).lstrip("+")
        return digits[2:] if digits.startswith("00") else digits
    return value.strip().lower()


def readable(kind, value):
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    if int(digest[0], 16) % 2:
        return None
    if kind == "MOBILE":
        return "91" + str(int(digest[:12], 16))[-10:].rjust(10, "7")
    return "u" + digest[:12] + "@example.com"


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if not isinstance(case.body, dict):
        return
    if case.path.endswith("/token/generate"):
        kind, value = case.body.get("identifierType"), case.body.get("identifierValue")
        if kind in ("MOBILE", "EMAIL") and isinstance(value, str):
            replacement = readable(kind, value)
            if replacement:
                case.body["identifierValue"] = replacement
        return
    if not case.path.endswith("/otp/validate"):
        return
    kind, value = case.body.get("identifierType"), case.body.get("identifierValue")
    if not (isinstance(kind, str) and isinstance(value, str)):
        return
    if "/mfa/" not in case.path and kind in ("MOBILE", "EMAIL") and isinstance(case.body.get("brand"), str):
        live_session(case)
        value = case.body["identifierValue"]
    otp = last_otp(canonical(kind, value))
    if otp:
        case.body["otp"] = otp


def live_session(case):
    """Half of the first-factor otp/validate requests (chosen by their text, so a run repeats)
    get a live session of their own, with an OTP sent, so they can log in: the spec's links
    alone rarely chain token/generate, otp/generate and otp/validate."""
    url = os.environ.get("AUTH_CONTRACT_URL")
    kind, value = case.body["identifierType"], case.body["identifierValue"]
    readable_value = readable(kind, value)
    if not url or not readable_value:
        return
    web = "/web/" in case.path
    identity = {"identifierType": kind, "identifierValue": readable_value, "brand": "ContractFuzz"}
    if not web:
        identity["deviceId"] = "contract-fuzz"
    prefix = url + ("/auth/v1/web" if web else "/auth/v1")
    try:
        session = post(prefix + "/token/generate", identity)["user"]["sessionId"]
        post(prefix + "/otp/generate", {**identity, "sessionId": session})
    except (OSError, ValueError, KeyError, TypeError):
        return
    if web:
        case.body.pop("deviceId", None)
    case.body.update(identity)
    case.body["sessionId"] = session


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@schemathesis.hook
def after_call(ctx, case, response):
    path = os.environ.get("AUTH_CONTRACT_LOGINS")
    if not path or not case.path.endswith("/otp/validate") or response.status_code != 200:
        return
    # A batch answers 200 whatever its items did: count the items (or the one answer) that
    # logged in, with a token.
    try:
        answer = json.loads(response.content)
    except ValueError:
        return
    items = answer if isinstance(answer, list) else [answer]
    logged_in = sum(
        1 for item in items
        if isinstance(item, dict) and item.get("status", {}).get("success") is True and (item.get("auth") or {}).get("token"))
    if logged_in:
        with open(path, "a", encoding="utf-8") as logins:
            logins.write((case.path + "\n") * logged_in)
