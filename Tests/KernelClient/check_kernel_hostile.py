"""The kernel against a hostile but correctly signing client (README, "Limits and reliability").

Usage: python3 check_kernel_hostile.py VARLAB_BINARY
Each check reproduces something that had gone wrong: a huge cursor_pos trapped the kernel (every
variable lost), a replayed signed execute_request ran twice, interrupt and shutdown requests on
the control channel waited for the running cell, SIGTERM was ignored while idle, and a cell of
thousands of syntax errors kept the kernel busy for minutes. Prints "N passed, N failed".
"""
import os, signal, subprocess, sys, tempfile, time

binary = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_setup
kernel_setup.install(binary, "hostile", quick=True)

from jupyter_client.manager import start_new_kernel

check = kernel_setup.Checks()

run = kernel_setup.run

def value(kc, code):
    reply, out = run(kc, code)
    results = [c for t, c in out if t == "execute_result"]
    return results[0]["data"]["text/plain"] if results else None

km, kc = start_new_kernel(kernel_name="varlab", startup_timeout=60)
run(kc, "keep = 42")

# Cursors that are not a whole number inside the code are refused in the reply, never trapped on.
# (jupyter_client itself turns cursor_pos=None into the code's length.)
for cursor in [10**300, 2**63, 10**19, -1, 1.5, "3"]:
    for name, request in (("complete", kc.complete), ("inspect", kc.inspect)):
        request("mlp", cursor_pos=cursor)
        reply = kc.get_shell_msg(timeout=10)["content"]
        check(f"{name} with cursor_pos {str(cursor)[:12]} is refused", reply["status"] == "error"
              and "cursor_pos" in reply.get("evalue", ""), reply)
check("the kernel lives on with its variables", value(kc, "keep") == "42")
reply = kc.complete("mlp", cursor_pos=3, reply=True)["content"]
check("a correct cursor still completes", reply["status"] == "ok" and "mlp" in reply["matches"], reply)

# A replayed signed message (same msg_id, same signature) is refused.
run(kc, "n = 0")
msg = kc.session.msg("execute_request", {"code": "n = n + 1", "silent": False, "store_history": True,
                                         "user_expressions": {}, "allow_stdin": False})
frames = kc.session.serialize(msg)
kc.shell_channel.socket.send_multipart(frames)
time.sleep(0.5)
kc.shell_channel.socket.send_multipart(frames)
time.sleep(0.5)
check("a replayed execute_request runs once", value(kc, "n") == "1", value(kc, "n"))

# A cell of 20,000 syntax errors answers quickly with a short report.
start = time.time()
reply, out = run(kc, "@" * 20000)
took = time.time() - start
size = sum(len(line) for line in reply.get("traceback", []))
check("20,000 '@' answer within 5 s with a capped report", reply["status"] == "error" and took < 5 and size < 4000,
      (took, size))

# interrupt_request on the control channel stops a running cell.
kc.execute("k = 0\nwhile true { k = k + 1 }")
time.sleep(1.0)
start = time.time()
kc.control_channel.send(kc.session.msg("interrupt_request", {}))
reply = kc.get_shell_msg(timeout=20)["content"]
check("interrupt_request stops a running cell within 2 s", reply.get("ename") == "KeyboardInterrupt"
      and time.time() - start < 2, reply)
check("variables survive", value(kc, "keep") == "42")

# shutdown_request on the control channel while a cell runs: the kernel exits.
kc.execute("while true { keep = keep + 0 }")
time.sleep(1.0)
start = time.time()
kc.control_channel.send(kc.session.msg("shutdown_request", {"restart": False}))
while km.is_alive() and time.time() - start < 10:
    time.sleep(0.1)
check("shutdown_request during a cell ends the kernel within 3 s", not km.is_alive() and time.time() - start < 3,
      time.time() - start)
kc.stop_channels()
km.cleanup_resources()

# SIGTERM while idle ends the kernel (it had been ignored).
km, kc = start_new_kernel(kernel_name="varlab", startup_timeout=60)
run(kc, "1")
start = time.time()
km.signal_kernel(signal.SIGTERM)
while km.is_alive() and time.time() - start < 10:
    time.sleep(0.1)
check("SIGTERM ends an idle kernel within 2 s", not km.is_alive() and time.time() - start < 2, time.time() - start)
kc.stop_channels()
km.cleanup_resources()

print(check.summary())
sys.exit(1 if check.failed else 0)
