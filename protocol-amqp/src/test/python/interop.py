"""python-qpid-proton against Switchboard's AMQP listener. Usage: interop.py PORT. Prints one line per check
and exits 0 only when every check passed."""
import sys
import uuid

from proton import Message, symbol
from proton.utils import BlockingConnection

PORT = int(sys.argv[1])
URL = "127.0.0.1:%d" % PORT


def connect(**kwargs):
    return BlockingConnection(URL, timeout=10, **kwargs)


def check(name, condition, detail=""):
    if not condition:
        print("FAIL %s %s" % (name, detail))
        sys.exit(1)
    print("OK %s" % name)


def topic_fanout_with_properties():
    conn = connect(allowed_mechs="PLAIN", user="py-user", password="py-secret", allow_insecure_mechs=True)
    wildcard = conn.create_receiver("topic://py/+/temp", credit=10)
    exact = conn.create_receiver("topic://py/1/temp", credit=10)
    sender = conn.create_sender("topic://py/1/temp")
    correlation = uuid.uuid4().hex
    sender.send(Message(body="21.5", properties={"unit": "celsius"}, content_type="text/plain",
                        reply_to="topic://py/replies", correlation_id=correlation, ttl=60))
    for receiver in (wildcard, exact):
        received = receiver.receive(timeout=10)
        receiver.accept()
        body = received.body
        if isinstance(body, (bytes, memoryview)):
            body = bytes(body).decode("utf-8")
        check("payload", body == "21.5", repr(received.body))
        check("application-properties", received.properties == {"unit": "celsius"}, repr(received.properties))
        check("content-type", received.content_type == "text/plain", repr(received.content_type))
        check("reply-to", received.reply_to == "py/replies", repr(received.reply_to))
        check("correlation-id", bytes(received.correlation_id) == correlation.encode("utf-8"),
              repr(received.correlation_id))
        check("ttl", received.ttl is not None and 0 < received.ttl <= 60, repr(received.ttl))
        check("address", received.address == "py/1/temp", repr(received.address))
    conn.close()


def map_body_is_carried_encoded():
    conn = connect()
    receiver = conn.create_receiver("topic://py/map", credit=10)
    sender = conn.create_sender("topic://py/map")
    sender.send(Message(body={"k": "v"}))
    received = receiver.receive(timeout=10)
    receiver.accept()
    check("map body content type", received.content_type == "application/x-amqp-value", repr(received.content_type))
    decoded = Message()
    decoded.decode(bytes(received.body))
    check("map body decodes", decoded.body == {"k": "v"}, repr(decoded.body))
    conn.close()


def presettled_and_unsettled_senders():
    conn = connect()
    receiver = conn.create_receiver("topic://py/settle", credit=100)
    unsettled = conn.create_sender("topic://py/settle")
    for i in range(20):
        unsettled.send(Message(body="u%d" % i))  # returns once the broker accepted it
    bodies = []
    for i in range(20):
        received = receiver.receive(timeout=10)
        receiver.accept()
        bodies.append(received.body if isinstance(received.body, str) else bytes(received.body).decode())
    check("unsettled in order", bodies == ["u%d" % i for i in range(20)], repr(bodies))
    conn.close()


def queue_in_order_and_released_redelivered():
    conn = connect()
    sender = conn.create_sender("py-jobs")  # a bare name is a queue
    for i in range(10):
        sender.send(Message(body="j%d" % i))
    receiver = conn.create_receiver("queue://py-jobs", credit=10)
    bodies = []
    for i in range(10):
        received = receiver.receive(timeout=10)
        body = received.body if isinstance(received.body, str) else bytes(received.body).decode()
        if i == 0:
            receiver.release()  # back to the queue
            continue
        receiver.accept()
        bodies.append(body)
    check("queue in order", bodies == ["j%d" % i for i in range(1, 10)], repr(bodies))
    again = receiver.receive(timeout=10)
    receiver.accept()
    again_body = again.body if isinstance(again.body, str) else bytes(again.body).decode()
    check("released redelivered", again_body == "j0", repr(again_body))
    conn.close()


topic_fanout_with_properties()
map_body_is_carried_encoded()
presettled_and_unsettled_senders()
queue_in_order_and_released_redelivered()
print("ALL OK")
