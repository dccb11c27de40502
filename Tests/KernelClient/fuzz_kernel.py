"""Signed but hostile messages against `varlab kernel` (README, "Limits and reliability").

Usage: python3 fuzz_kernel.py VARLAB_BINARY COUNT SEED
Sends COUNT correctly signed messages whose types, fields and values are drawn to break
things: numbers where text belongs and text where numbers belong, 2^63 and 1e300 cursors,
nested and huge values, missing and extra fields, junk code, unknown message types, headers
without ids, and replays. After every 100 messages the kernel must still answer, and its
resident memory is read from /proc. Prints the largest memory seen and "N passed, N failed".
"""
import json, os, random, subprocess, sys, tempfile, time

binary, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_setup
kernel_setup.install(binary, "fuzz", quick=True)

from jupyter_client.manager import start_new_kernel

rng = random.Random(seed)
km, kc = start_new_kernel(kernel_name="varlab", startup_timeout=60)
pid = km.provisioner.process.pid

def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0

def hostile_value(depth=0):
    choices = [lambda: 2**63, lambda: -2**63 - 1, lambda: 10**300, lambda: -1, lambda: 1.5, lambda: 0,
               lambda: float("1e308"), lambda: "", lambda: "x" * rng.randint(0, 5000), lambda: None, lambda: True,
               lambda: "\u0000\ud7ff\uffff", lambda: rng.random()]
    if depth < 6:
        choices += [lambda: [hostile_value(depth + 1) for _ in range(rng.randint(0, 4))],
                    lambda: {str(rng.randint(0, 9)): hostile_value(depth + 1) for _ in range(rng.randint(0, 4))}]
    return rng.choice(choices)()

JUNK = ["@", "(", ")", "[", "]", "{", "}", "\"", "fn", "if", "x", "=", "|>", "+", "1e999", "2^63", ",", ":",
        "mlp(", "depth:", "\n", " ", "#", "\\u{", "..", "nil", "not", "r.a", "[1,2", "'", "\t", "é", "🙂"]

def hostile_code():
    return "".join(rng.choice(JUNK) for _ in range(rng.randint(0, 400)))

TYPES = ["execute_request", "complete_request", "inspect_request", "is_complete_request", "history_request",
         "comm_info_request", "kernel_info_request", "comm_open", "input_reply", "no_such_request", ""]

def hostile_content(kind):
    content = {}
    for field in ["code", "cursor_pos", "detail_level", "silent", "store_history", "user_expressions",
                  "allow_stdin", "stop_on_error", "restart", "hist_access_type", "n", "target_name"]:
        if rng.random() < 0.5:
            content[field] = hostile_code() if field == "code" and rng.random() < 0.6 else hostile_value()
    if rng.random() < 0.05:
        return hostile_value()  # not even an object
    return content

sent, alive_checks, failed, largest = 0, 0, 0, 0.0
start = time.time()
replayable = None
i = -1
while sent < count:
    i += 1
    kind = rng.choice(TYPES)
    msg = kc.session.msg(kind, hostile_content(kind))
    if rng.random() < 0.1:
        msg["header"].pop(rng.choice(list(msg["header"].keys())))
    if rng.random() < 0.1:
        msg["parent_header"] = hostile_value()
    if rng.random() < 0.1:
        msg["metadata"] = hostile_value()
    try:
        frames = kc.session.serialize(msg)
    except Exception:
        continue  # the client itself cannot encode it
    socket = kc.control_channel.socket if rng.random() < 0.1 and kind != "execute_request" else kc.shell_channel.socket
    socket.send_multipart(frames)
    if replayable and rng.random() < 0.05:
        socket.send_multipart(replayable)
    replayable = frames
    sent += 1
    if sent % 100 == 0 or sent == count:
        time.sleep(0.2)
        try:
            info = kc.kernel_info(reply=True, timeout=60)
            ok = info["content"]["status"] == "ok"
        except Exception as e:
            ok = False
        largest = max(largest, rss_mb())
        alive_checks += 1
        if not ok or not km.is_alive():
            failed += 1
            print(f"FAIL kernel stopped answering after message {sent}", flush=True)
            break

print(f"sent {sent} signed hostile messages in {time.time() - start:.0f} s; largest resident memory {largest:.0f} MB")
bounded = largest < 1024
if not bounded:
    print(f"FAIL memory grew to {largest:.0f} MB", flush=True)
kc.stop_channels()
km.shutdown_kernel(now=True)
passed = alive_checks - failed + (1 if bounded else 0)
print(f"{passed} passed, {failed + (0 if bounded else 1)} failed")
sys.exit(1 if failed or not bounded else 0)
