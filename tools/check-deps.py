#!/usr/bin/env python3
"""Fails when Package.swift and the sources disagree about module dependencies.

For every target it compares the project modules its files import with the dependencies
Package.swift declares: a declared dependency no file imports is a stale edge, and an
import of a project module the target does not declare only builds by accident (through
another target's dependency). Standard library only, so it runs before `swift build`.
Usage: tools/check-deps.py [package directory]   (exit 0: consistent, 1: mismatches listed)
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
manifest = open(os.path.join(root, "Package.swift"), encoding="utf-8").read()

# `.target(name: "X", dependencies: ["A", "B"], path: "p", ...)`, also testTarget/executableTarget.
target_re = re.compile(r'\.(target|testTarget|executableTarget)\(\s*name:\s*"([^"]+)"(.*?)\)(?=,?\s*(?://[^\n]*)?\n)', re.S)
targets = {}
for kind, name, rest in target_re.findall(manifest):
    deps = re.search(r'dependencies:\s*\[([^\]]*)\]', rest)
    path = re.search(r'path:\s*"([^"]+)"', rest)
    default = ("Tests/" if kind == "testTarget" else "Sources/") + name
    targets[name] = (set(re.findall(r'"([^"]+)"', deps.group(1))) if deps else set(),
                     path.group(1) if path else default)

import_re = re.compile(r'^\s*(?:@testable\s+|@_exported\s+)?import\s+(?:(?:struct|class|enum|func|protocol|typealias|var|let)\s+)?(\w+)', re.M)
problems = []
for name, (declared, path) in sorted(targets.items()):
    imported = {}
    for directory, _, files in os.walk(os.path.join(root, path)):
        for file in files:
            if not file.endswith(".swift"):
                continue
            text = open(os.path.join(directory, file), encoding="utf-8").read()
            for module in import_re.findall(text):
                if module in targets and module != name:
                    imported.setdefault(module, os.path.relpath(os.path.join(directory, file), root))
    for module in sorted(declared - imported.keys()):
        problems.append(f"{name}: Package.swift declares '{module}' but no file of {path} imports it")
    for module, file in sorted(imported.items()):
        if module not in declared:
            problems.append(f"{name}: {file} imports '{module}', which Package.swift does not declare for {name}")

if problems:
    print("\n".join(problems))
    print(f"check-deps: {len(problems)} mismatch(es) between Package.swift and the imports")
    sys.exit(1)
print(f"check-deps: {len(targets)} targets, every declared dependency imported and every import declared")
