"""python-qpid-proton's SASL against Switchboard: PLAIN accepted, a wrong password and an unknown user refused,
ANONYMOUS refused when it is not offered. Usage: sasl.py PORT. Prints one line per check, exits 0 only when every
check passed. The broker side accepts user py-user with password py-secret."""
import sys

from proton import Message
from proton import ConnectionException
from proton.utils import BlockingConnection

URL = "127.0.0.1:%d" % int(sys.argv[1])


def check(name, condition, detail=""):
    if not condition:
        print("FAIL %s %s" % (name, detail))
        sys.exit(1)
    print("OK %s" % name)


def refused(**kwargs):
    try:
        conn = BlockingConnection(URL, timeout=10, **kwargs)
    except ConnectionException as e:
        return str(e)
    except Exception as e:  # the SASL failure surfaces as a connection error whose class varies by version
        return "%s: %s" % (type(e).__name__, e)
    conn.close()
    return None


conn = BlockingConnection(URL, timeout=10, allowed_mechs="PLAIN", user="py-user", password="py-secret",
                          allow_insecure_mechs=True)
receiver = conn.create_receiver("queue://py-sasl", credit=1)
conn.create_sender("queue://py-sasl").send(Message(body="after PLAIN"))
received = receiver.receive(timeout=10)
receiver.accept()
body = received.body
if isinstance(body, (bytes, memoryview)):
    body = bytes(body).decode("utf-8")
check("plain accepted", body == "after PLAIN", repr(received.body))
conn.close()

reason = refused(allowed_mechs="PLAIN", user="py-user", password="wrong", allow_insecure_mechs=True)
check("wrong password refused", reason is not None)
reason = refused(allowed_mechs="PLAIN", user="nobody", password="py-secret", allow_insecure_mechs=True)
check("unknown user refused", reason is not None)
reason = refused(allowed_mechs="ANONYMOUS")
check("anonymous refused", reason is not None)
print("ALL OK")
