"""Drives `varlab kernel` with Jupyter's own client libraries, as a notebook would.

Usage: python3 check_kernel.py VARLAB_BINARY NOTEBOOK_FOLDER
Installs the kernelspec into a temporary prefix, then checks results, rich output, errors,
completion, is_complete, inspect, interrupt, rejected messages, and runs every notebook of
NOTEBOOK_FOLDER with nbclient (in quick mode). Prints "N passed, N failed" and exits 1 on
any failure.
"""
import glob, os, subprocess, sys, tempfile, time

binary, notebooks = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_setup
kernel_setup.install(binary, "check", quick=False)

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session
import nbformat
from nbclient import NotebookClient

check = kernel_setup.Checks()

km, kc = start_new_kernel(kernel_name="varlab", startup_timeout=60)

def run(code, timeout=60):
    outputs = []
    reply = kc.execute_interactive(code, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])), timeout=timeout)
    return reply["content"], outputs

def results(outputs, kinds=("execute_result",)):
    return [c for t, c in outputs if t in kinds]

info = kc.kernel_info(reply=True)["content"]
check("kernel_info", info["language_info"]["name"] == "varlab" and info["protocol_version"] == "5.3", info)

reply, out = run("x = 41\nx + 1")
check("execute result", reply["status"] == "ok" and results(out)[0]["data"]["text/plain"] == "42", out)
check("execution count", reply["execution_count"] == results(out)[0]["execution_count"], reply)

reply, out = run("print(\"hello\", x)")
streams = [c for t, c in out if t == "stream"]
check("print is a stdout stream", streams and streams[0]["name"] == "stdout" and streams[0]["text"] == "hello 41\n", out)

reply, out = run("mlp(dpth: 3)")
errors = results(out, ("error",))
check("errors name the spot and suggest", reply["status"] == "error" and "did you mean 'depth'" in reply["evalue"]
      and any("cell:1:5" in line for line in errors[0]["traceback"]), reply)
reply, out = run("fn f( {")
check("syntax errors", reply["status"] == "error" and reply["ename"] == "SyntaxError", reply)

reply, out = run("t = sweep(depth: [1, 4], act: [relu, abs]) |> variability(samples: 4, grid: 8)\nt")
data = results(out)[0]["data"]
check("tables as HTML", "<table>" in data.get("text/html", "") and "v3" in data["text/plain"], data.keys())

reply, out = run("plot(t, x: \"depth\", y: \"v3\", by: \"act\")")
data = results(out)[0]["data"]
check("charts as SVG and PNG", "<svg" in data.get("image/svg+xml", "") and len(data.get("image/png", "")) > 100, data.keys())
reply, out = run("show(mlp(depth: 4, act: abs))")
shown = results(out, ("display_data",))
check("show() is display_data", shown and "image/png" in shown[0]["data"], out)

# train(watch: true) draws its decision view and curve as displays replaced in place.
reply, out = run("r = train(mlp(depth: 2, width: 8, act: abs), checkerboard(k: 2, n: 200, test: 200), epochs: 20000, watch: true)")
# (Frames as they arrive, before the kernel clears the cell to send it again without progress.)
live = out[:next((i for i, (t, _) in enumerate(out) if t == "clear_output"), len(out))]
frames = [(t, c) for t, c in live if t in ("display_data", "update_display_data") and "image/svg+xml" in c["data"]]
check("watch draws frames that update in place", reply["status"] == "ok" and frames and frames[0][0] == "display_data"
      and any(t == "update_display_data" for t, _ in frames) and all("display_id" in c["transient"] for _, c in frames)
      and any("misclassified" in c["data"]["image/svg+xml"] for _, c in frames), [t for t, _ in frames][:6])

# A long call's progress display leaves nothing in a saved notebook: the kernel clears the
# cell's outputs and sends them again without it (an emptied display had stayed as {}).
reply, out = run("print(\"before\")\nvariability(mlp(depth: 4, params: 3000), samples: 4000, grid: 32)")
kept = []
for t, c in out:
    if t == "clear_output":
        kept = []
    elif t in ("display_data", "execute_result", "stream"):
        kept.append((t, c))
check("a long call's progress leaves no output behind",
      any(t == "clear_output" for t, _ in out) and [t for t, _ in kept] == ["stream", "execute_result"]
      and kept[0][1]["text"] == "before\n" and "variability" in kept[1][1]["data"]["text/plain"], [t for t, _ in out][:8])

matches = kc.complete("variab", 6, reply=True)["content"]["matches"]
check("complete a builtin", matches == ["variability"], matches)
run("v = variability(mlp(depth: 2), samples: 2, grid: 8)")
reply = kc.complete("v.v3_h", 6, reply=True)["content"]
check("complete a declared field", reply["matches"] == ["v.v3_high"] and reply["cursor_start"] == 0, reply)
reply = kc.complete("mlp(dep", 7, reply=True)["content"]
check("complete an argument name", reply["matches"] == ["depth: "], reply)
run("tt = sweep(depth: [2], act: relu, params: 300) |> variability(samples: 2, grid: 8)")
reply = kc.complete("x = tt[0].v3_h", 14, reply=True)["content"]
check("complete a field of a table row", reply["matches"] == ["tt[0].v3_high"] and reply["cursor_start"] == 4, reply)

def is_complete(code):
    kc.is_complete(code)
    return kc.get_shell_msg(timeout=10)["content"]["status"]
check("is_complete: open block", is_complete("fn f(x) {") == "incomplete")
check("is_complete: complete", is_complete("1 + 2") == "complete")
check("is_complete: invalid", is_complete("1 + )") == "invalid")

reply = kc.inspect("variability", 4, reply=True)["content"]
check("inspect is :help", reply["found"] and "Returns a variability result" in reply["data"]["text/plain"], reply)
reply = kc.inspect("variability(", 12, reply=True)["content"]
check("inspect inside a call's parentheses", reply["found"] and "Returns a variability result" in reply["data"]["text/plain"], reply)

# Interrupt (signal mode): the computation stops within seconds and variables survive.
for code in ["n = 0\nwhile true { n = n + 1 }", "variability(mlp(depth: 8), samples: 100000)"]:
    msg_id = kc.execute(code)
    time.sleep(1.5)
    start = time.time()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=20)["content"]
    waited = time.time() - start
    check(f"interrupt stops `{code.splitlines()[-1]}` within 2 s", reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt" and waited < 2, (reply, waited))
# A long call shows its progress as one display that updates in place.
progress = []
while True:
    try:
        msg = kc.get_iopub_msg(timeout=1)
    except Exception:
        break
    if msg["msg_type"] in ("display_data", "update_display_data") and "of 100000" in msg["content"]["data"].get("text/plain", ""):
        progress.append(msg["msg_type"])
check("progress updates in place", progress[:1] == ["display_data"] and "update_display_data" in progress, progress[:5])
reply, out = run("x")
check("variables survive an interrupt", results(out) and results(out)[0]["data"]["text/plain"] == "41", out)

# Wrongly signed and malformed messages are dropped; the kernel keeps serving.
forged = Session(key=b"not-the-key")
forged.send(kc.shell_channel.socket, "execute_request", {"code": "x = 0", "silent": False, "store_history": True,
                                                          "user_expressions": {}, "allow_stdin": False})
kc.shell_channel.socket.send_multipart([b"garbage", b"more garbage"])
time.sleep(0.5)
reply, out = run("x")
check("forged and malformed messages are rejected", results(out)[0]["data"]["text/plain"] == "41", out)

kc.stop_channels()
km.shutdown_kernel(now=False)
check("shutdown", not km.is_alive())

# Every shipped notebook runs from top to bottom (in quick mode).
os.environ["VARLAB_QUICK"] = "1"
paths = sorted(glob.glob(os.path.join(notebooks, "*.ipynb")))
check("there are notebooks", len(paths) >= 7, paths)
for path in paths:
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, kernel_name="varlab", timeout=300, resources={"metadata": {"path": os.getcwd()}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        empty = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                 if o.output_type == "display_data" and not o.get("data")]
        check(f"notebook {os.path.basename(path)}", not errors and not empty, (errors + empty)[:1])
    except Exception as e:
        check(f"notebook {os.path.basename(path)}", False, repr(e)[:500])

print(check.summary())
sys.exit(1 if check.failed else 0)
