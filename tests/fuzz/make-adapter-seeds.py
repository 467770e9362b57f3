#!/usr/bin/env python3
# Seeds for fuzz-adapters from the recorded responses: for each adapter (its
# index in the registry is the input's first byte), the reply bodies of its
# demo folder (ui/demo/NAME) or fixture folder (tests/fixtures/NAME), in the
# order its routes list them, NUL-separated (a JSON-RPC result as it is, an
# API body raw: '!'), at most 60 KiB a seed.
#   tests/fuzz/make-adapter-seeds.py ./depinctl
import json, os, subprocess, sys

depinctl = sys.argv[1] if len(sys.argv) > 1 else './depinctl'
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
names = [a['name'] for a in json.loads(subprocess.check_output([depinctl, '--json', 'networks']))['networks']]
out = os.path.join(root, 'tests', 'fuzz', 'corpus', 'adapters')
os.makedirs(out, exist_ok=True)
for i, name in enumerate(names):
    for base in (os.path.join(root, 'ui', 'demo', name), os.path.join(root, 'tests', 'fixtures', name)):
        routes = os.path.join(base, 'routes.json')
        if not os.path.exists(routes):
            continue
        chunks = []
        for r in json.load(open(routes))['routes']:
            if 'file' in r:
                body = open(os.path.join(base, r['file']), 'rb').read()
            elif 'reply' in r:
                body = (r['reply'] if isinstance(r['reply'], str) else json.dumps(r['reply'])).encode()
            else:
                continue
            if b'\0' in body:
                continue
            chunks.append(body if 'rpc' in r else b'!' + body)
        seed = bytes([i]) + b'\0'.join(chunks)
        if len(seed) > 60 * 1024:
            seed = seed[:60 * 1024]
        tag = 'demo' if '/ui/demo/' in base.replace(os.sep, '/') else 'fixtures'
        with open(os.path.join(out, '%s-%s' % (name, tag)), 'wb') as f:
            f.write(seed)
