"""The workbench kernel: one long-lived Python interpreter per session, run inside bubblewrap.

The router talks to it over file descriptor 3 (a private socket pair the router created), one JSON
object per line, in both directions:

  router -> kernel  {"op": "exec", "id": n, "code": "..."}        run a cell in the session namespace
                    {"op": "bash", "id": n, "command": "..."}     run a shell command in /mnt/files
                    {"op": "reply", "call": k, "result": {...}}   the answer to a call the kernel made
  kernel -> router  {"op": "ready"}                                once, after start-up
                    {"op": "done", "id": n, ...}                   the outcome of exec / bash
                    {"op": "call", "call": k, "kind": "tool" | "proxy", "payload": {...}}

Calls (run_composio_tool, proxy_execute) go back to the router, which runs them through its normal
execution pipeline for this session; the kernel never holds an API key. Cell output is captured at
the file-descriptor level, so output of child processes (os.system, subprocess) is captured too.
Large output is written to /mnt/files/.workbench/ and only its head is returned.

While a cell or command runs, its stdout and stderr go to two files at the top of /mnt/files (named
by the router, one pair per kernel size), written as they are printed: when the router kills a
sandbox that ran past its time limit, it reads what the cell had printed from there.
"""

import ast
import io
import json
import linecache
import os
import resource
import socket
import subprocess
import sys
import threading
import traceback

FILES = "/mnt/files"
OUTPUT_DIR = os.path.join(FILES, ".workbench")
CONTROL_FD = 3


def apply_limits(limits):
    """Lower the hard limits too, so code in the sandbox cannot raise them again."""
    table = {
        "memory_bytes": resource.RLIMIT_AS,
        "cpu_seconds": resource.RLIMIT_CPU,
        "processes": resource.RLIMIT_NPROC,
        "file_bytes": resource.RLIMIT_FSIZE,
    }
    for name, which in table.items():
        value = limits.get(name)
        if value:
            resource.setrlimit(which, (int(value), int(value)))


class Channel:
    def __init__(self, fd):
        self.sock = socket.socket(fileno=fd)
        self.buffer = b""

    def send(self, message):
        self.sock.sendall((json.dumps(message, default=str) + "\n").encode())

    def receive(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                sys.exit(0)  # the router went away: nothing left to do
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)


class Kernel:
    def __init__(self, channel, inline_chars, capture_name):
        self.channel = channel
        self.inline_chars = inline_chars
        self.capture_paths = tuple(os.path.join(FILES, f"{capture_name}.{stream}") for stream in ("stdout", "stderr"))
        self.next_call = 0
        # Code may call tools from several threads; calls go to the router one at a time.
        self.call_lock = threading.Lock()
        self.cell = 0
        self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        self.namespace.update(self.helpers())

    # --- calls back into the router -------------------------------------------------------------

    def call(self, kind, payload):
        with self.call_lock:
            self.next_call += 1
            call_id = self.next_call
            self.channel.send({"op": "call", "call": call_id, "kind": kind, "payload": payload})
            while True:
                message = self.channel.receive()
                if message.get("op") == "reply" and message.get("call") == call_id:
                    return message.get("result") or {}

    def helpers(self):
        kernel = self

        def run_composio_tool(tool_slug, arguments=None, account=None):
            """Run a tool of this session. Returns (data, error): error is None on success."""
            if not isinstance(tool_slug, str) or not tool_slug:
                raise ValueError("run_composio_tool needs a tool slug such as 'GITHUB_GET_A_REPOSITORY'")
            if arguments is not None and not isinstance(arguments, dict):
                raise ValueError("run_composio_tool arguments must be a dict")
            payload = {"tool_slug": tool_slug, "arguments": arguments or {}}
            if account:
                payload["account"] = account
            result = kernel.call("tool", payload)
            return result.get("data"), result.get("error")

        def proxy_execute(method, endpoint, toolkit, query_params=None, body=None, headers=None, account=None):
            """Call a toolkit's own API with the user's credentials. Returns (response, error);
            response is {"status", "data", "headers"}."""
            parameters = [{"name": k, "type": "query", "value": str(v)} for k, v in (query_params or {}).items()]
            parameters += [{"name": k, "type": "header", "value": str(v)} for k, v in (headers or {}).items()]
            payload = {"toolkit_slug": toolkit, "endpoint": endpoint, "method": method, "parameters": parameters}
            if body is not None:
                payload["body"] = body
            if account:
                payload["account"] = account
            result = kernel.call("proxy", payload)
            return result.get("data"), result.get("error")

        def unavailable(name, what):
            def helper(*_args, **_kwargs):
                raise RuntimeError(
                    f"{name} is not available in this workbench: this Tool Router server has no {what} configured. "
                    "Process the data with Python here, or run a tool that provides it with run_composio_tool."
                )

            helper.__name__ = name
            return helper

        return {
            "run_composio_tool": run_composio_tool,
            "proxy_execute": proxy_execute,
            "invoke_llm": unavailable("invoke_llm", "language model"),
            "web_search": unavailable("web_search", "web search service"),
        }

    # --- running code ---------------------------------------------------------------------------

    def capture(self, run):
        """Runs `run()` with fd 1 and 2 pointed at files; returns (value, stdout text, stderr text)."""
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        paths = self.capture_paths
        files = [open(p, "w+b") for p in paths]
        os.dup2(files[0].fileno(), 1)
        os.dup2(files[1].fileno(), 2)
        try:
            value = run()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            for f in files:
                f.close()
        return value, paths

    def text_field(self, name, result, path=None, text=None):
        """Puts the head of an output in result[name]; a large output also goes whole into a file."""
        if path is not None:
            size = os.path.getsize(path)
            with open(path, "rb") as f:
                text = f.read(self.inline_chars * 4).decode("utf-8", "replace")
            large = size > self.inline_chars * 4 or len(text) > self.inline_chars
        else:
            large = len(text) > self.inline_chars
        result[name] = text[: self.inline_chars]
        if not large:
            return
        os.makedirs(OUTPUT_DIR, exist_ok=True)
        target = os.path.join(OUTPUT_DIR, f"cell-{self.cell}-{name}.txt")
        if path is not None:
            with open(path, "rb") as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        else:
            with open(target, "w", encoding="utf-8") as dst:
                dst.write(text)
        result[name + "_file_path"] = target
        result[name] += f"\n... [cut at {self.inline_chars} characters; the whole {name} is in {target}]"

    def exec_cell(self, code):
        self.cell += 1
        outcome = {}

        name = f"<cell {self.cell}>"
        # Tracebacks show the lines of the cell, as they would for a file.
        linecache.cache[name] = (len(code), None, code.splitlines(True), name)

        def run():
            try:
                tree = ast.parse(code, filename=name, mode="exec")
                last = None
                if tree.body and isinstance(tree.body[-1], ast.Expr):
                    last = ast.Expression(tree.body.pop().value)
                exec(compile(tree, name, "exec"), self.namespace)
                return eval(compile(last, name, "eval"), self.namespace) if last else None
            except BaseException as error:  # noqa: BLE001 - every failure of user code is reported
                if isinstance(error, KeyboardInterrupt):
                    raise
                outcome["error"] = format_user_error(error)
                outcome["summary"] = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()[-1][:500]
                return None

        value, paths = self.capture(run)
        result = {"summary": outcome.get("summary", "")}
        self.text_field("error", result, text=outcome.get("error", ""))
        self.text_field("stdout", result, path=paths[0])
        self.text_field("stderr", result, path=paths[1])
        self.text_field("results", result, text=render_value(value))
        return result

    def run_bash(self, command):
        self.cell += 1
        paths = self.capture_paths
        with open(paths[0], "wb") as out, open(paths[1], "wb") as err:
            completed = subprocess.run(["/bin/bash", "-c", command], stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=FILES)
        result = {"exit_code": completed.returncode}
        for name, path in zip(("stdout", "stderr"), paths):
            self.text_field(name, result, path=path)
            result[name + "Lines"] = count_lines(path)
        return result

    def write_file(self, relative, content):
        """A file the router hands over (e.g. multi-execute results), written as the sandbox user."""
        target = os.path.normpath(os.path.join(FILES, relative))
        if not target.startswith(FILES + "/"):
            return {"error": "the path must stay inside /mnt/files"}
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(content)
        return {"path": target}

    def serve(self):
        self.channel.send({"op": "ready"})
        while True:
            message = self.channel.receive()
            op = message.get("op")
            try:
                if op == "exec":
                    result = self.exec_cell(message.get("code", ""))
                elif op == "bash":
                    result = self.run_bash(message.get("command", ""))
                elif op == "write":
                    result = self.write_file(message.get("path", ""), message.get("content", ""))
                else:
                    continue
            except Exception as error:  # noqa: BLE001 - the kernel outlives a failed request
                result = {"error": f"{type(error).__name__}: {error}"}
            self.channel.send({"op": "done", "id": message.get("id"), **result})


def format_user_error(error):
    """The traceback from the cell's first frame on: the kernel's own frames (and ast's, for a
    syntax error) are left out."""
    tb = error.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell "):
        tb = tb.tb_next
    if tb is None:
        return "".join(traceback.format_exception_only(type(error), error))
    return "".join(traceback.format_exception(type(error), error, tb))


def render_value(value):
    """The value of the cell's last expression as text: strings as they are, else JSON, else repr."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def count_lines(path):
    count = 0
    last = b"\n"
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)


def main():
    settings = json.loads(sys.argv[1])
    apply_limits(settings.get("limits", {}))
    os.chdir(FILES)
    # Group-writable: a session's kernel may run under another slot's uid next time (same group).
    os.umask(0o007)
    # Unbuffered, as with `python -u`: what a cell prints is in the capture file at once, so it is
    # there to read even if the sandbox is killed before the cell ends.
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)
    capture_name = settings.get("capture_name", ".cell-output")
    Kernel(Channel(CONTROL_FD), int(settings.get("inline_chars", 20000)), capture_name).serve()


if __name__ == "__main__":
    main()
