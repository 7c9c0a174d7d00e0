"""What the measuring scripts send auth-server: a JSON POST and a mobile identity."""

import json


def post(connection, path, body):
    """POSTs `body` as JSON on `connection`; the status and the parsed answer."""
    connection.request("POST", path, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def identity(number, device):
    """A mobile identity of brand DocDemo."""
    return {"identifierType": "MOBILE", "identifierValue": number, "deviceId": device, "brand": "DocDemo"}
