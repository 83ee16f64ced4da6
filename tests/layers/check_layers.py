#!/usr/bin/env python3
"""The dependency rule of ../shared/DESIGN.md, checked on the source tree:
- sim/ knows nothing of capture/ or gui/;
- inside sim/, a layer never includes the layers built on it (FORBIDDEN_IN_SIM): the
  agents are built from plain node descriptions, and sim/lab builds the agents;
- capture/ uses sim/protocol and sim/message, nothing else of sim/;
- only sim/net opens sockets or calls OpenSSL for a connection: socket, resolver and TLS
  headers (and Asio) appear nowhere else (capture/ may use <arpa/inet.h> to print
  addresses, and libpcap);
- gui/app/model/ (what the window shows, computed and tested without a window) includes no
  ImGui, GLFW or OpenGL header, and none of the folders that draw (shell, panels, widgets).
Prints each violation as path:line: what, and exits 1 when there is any."""
import pathlib
import re
import sys

import source_rules

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
NETWORK_HEADERS = re.compile(
    r"^(sys/socket\.h|netinet/.*|arpa/inet\.h|netdb\.h|openssl/ssl\.h|"
    r"openssl/err\.h|asio\.hpp|asio/.*)$")
WINDOW_HEADERS = re.compile(r"^(imgui.*|GLFW/.*|GL/.*|backends/.*)$")
DRAWING_FOLDERS = ("gui/app/shell/", "gui/app/panels/", "gui/app/widgets/")
# Folder of sim/ -> the folders of sim/ its files must not include (the layers above it).
FORBIDDEN_IN_SIM = {
    "sim/agents/": ("sim/lab/",),
}


def sources(folder):
    return source_rules.sources(ROOT, [folder])


def includes(path):
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        match = INCLUDE.match(line)
        if match:
            yield number, match.group(1) == "<", match.group(2)


def violations():
    for path in sources("sim"):
        rel = path.relative_to(ROOT).as_posix()
        in_net = rel.startswith("sim/net/")
        for number, system, name in includes(path):
            if not system and name.startswith(("capture/", "gui/")):
                yield f"{rel}:{number}: sim/ includes {name}"
            for folder, above in FORBIDDEN_IN_SIM.items():
                if rel.startswith(folder) and not system and name.startswith(above):
                    yield f"{rel}:{number}: {folder} includes {name} (a layer built on it)"
            if system and not in_net and NETWORK_HEADERS.match(name):
                yield f"{rel}:{number}: <{name}> outside sim/net (use net::StreamConnection)"
    for path in sources("capture"):
        rel = path.relative_to(ROOT).as_posix()
        for number, system, name in includes(path):
            if not system and name.startswith("sim/") and not name.startswith(
                    ("sim/protocol/", "sim/message/")):
                yield f"{rel}:{number}: capture/ includes {name} (only sim/protocol and sim/message)"
            if system and NETWORK_HEADERS.match(name) and name != "arpa/inet.h":
                yield f"{rel}:{number}: <{name}> in capture/ (connections belong to sim/net)"
    for path in sources("gui"):
        rel = path.relative_to(ROOT).as_posix()
        for number, system, name in includes(path):
            if system and NETWORK_HEADERS.match(name):
                yield f"{rel}:{number}: <{name}> in gui/ (connections belong to sim/net)"
            if rel.startswith("gui/app/model/"):
                if system and WINDOW_HEADERS.match(name):
                    yield f"{rel}:{number}: <{name}> in gui/app/model/ (the model has no window)"
                if not system and name.startswith(DRAWING_FOLDERS):
                    yield f"{rel}:{number}: gui/app/model/ includes {name} (a folder that draws)"


def main():
    found = list(violations())
    for v in found:
        print(v)
    checked = sum(1 for f in ("sim", "capture", "gui") for _ in sources(f))
    print(f"layers: {checked} files checked, {len(found)} violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
