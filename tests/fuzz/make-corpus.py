#!/usr/bin/env python3
"""Writes the seed corpus tests/fuzz/corpus/NAME/ from the fixtures in
tests/fixtures and a few hand-written inputs (run from anywhere:
python3 tests/fuzz/make-corpus.py). Seeds that need the library (files
encrypted with small KDF costs, ABI encodings) come from gen-seeds.c:
make tests/fuzz/gen-seeds && tests/fuzz/gen-seeds tests/fuzz/corpus.

Each seed is named after what it is; the layouts of the inputs are in each
target's comment (tests/fuzz/fuzz-NAME.c)."""
import base64
import json
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(TOP, "tests", "fixtures")
OUT = os.path.join(HERE, "corpus")


def fixture(*p):
    return os.path.join(FIX, *p)


def load(*p):
    with open(fixture(*p), encoding="utf-8") as f:
        return json.load(f)


def slug(s):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", s).strip("-")[:60] or "empty"


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, slug(name)), "wb") as f:
        f.write(data)


def unhex(s):
    return bytes.fromhex(s[2:] if s.startswith("0x") else s)


def hex_seeds():
    for name, s in [("empty", ""), ("0x", "0x"), ("deadbeef", "0xdeadbeef"), ("upper", "DEADbeef"),
                    ("odd", "abc"), ("bad-digit", "0xg1"), ("0X", "0X00ff"),
                    ("address", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
                    ("key", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]:
        put("hex", name, s)


def base58_seeds():
    m = load("solana", "messages.json")
    for k, v in m["pubkeys"].items():
        put("base58", "pubkey-" + k, v)
    put("base58", "blockhash", m["blockhash"])
    put("base58", "mint", m["mint"])
    put("base58", "tx-base58", m["cases"][0]["tx_base58"])
    put("base58", "signature", m["cases"][0]["signature"])
    put("base58", "leading-ones", "1111")
    put("base58", "bad-char", "0OIl")
    put("base58", "empty", "")
    v = load("vectors", "bip39-trezor-vectors.json")["english"]
    put("base58", "xprv", v[0][3])
    put("base58", "xprv-2", v[5][3])


def amount_seeds():
    for dec, text in [(18, "1.5"), (9, "0.000000001"), (6, "max"), (0, "007"), (2, "1.50"), (1, "1.05"),
                      (18, "115792089237316195423570985008687907853269984665640564039457584007913129639935"),
                      (0, "115792089237316195423570985008687907853269984665640564039457584007913129639936"),
                      (9, "18446744073.709551615"), (0, "0x1f"), (255, ".5"), (77, "1e-9"), (6, "1."),
                      (6, "-1"), (6, "1,000"), (6, " 1"), (18, "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]:
        put("amount", "d%d-%s" % (dec, text), bytes([dec]) + text.encode())


def rlp_seeds():
    for i, c in enumerate(load("evm", "rlp.json")):
        put("rlp", "vector-%02d" % i, unhex(c["encoded"]))
    for t in load("evm", "tx.json"):
        raw = unhex(t["raw"])
        put("rlp", "tx-" + t["name"], raw if raw[0] >= 0xc0 else raw[1:])


# The modes of fuzz-abi.c: its tuple list, then functions, events, revert.
ABI_TUPLES = 14
ABI_FUNCTIONS = 3
ABI_EVENTS = 2


def abi_seeds():
    a = load("evm", "abi.json")
    mode_call = ABI_TUPLES  # transfer(address,uint256)
    for c in a["calls"]:
        data = unhex(c["calldata"])
        if c["sig"] == "transfer(address,uint256)":
            put("abi", "call-transfer", bytes([mode_call]) + data[4:])
        # the arguments as return data of each tuple list (most will not match)
        put("abi", "params-" + c["sig"], bytes([len(c["sig"]) % ABI_TUPLES]) + data[4:])
    # the fixture's params are the last tuples of fuzz-abi.c's list, "(string)" is the 4th
    for p, mode in zip(a["params"], (ABI_TUPLES - 2, 3, ABI_TUPLES - 1)):
        put("abi", "params-" + p["types"], bytes([mode]) + unhex(p["encoded"]))
    mode_revert = ABI_TUPLES + ABI_FUNCTIONS + ABI_EVENTS
    put("abi", "revert-error", bytes([mode_revert]) + unhex(a["revert"]["error"]))
    put("abi", "revert-panic", bytes([mode_revert]) + unhex(a["revert"]["panic"]))
    for err in a["errors"]:
        put("abi", "revert-" + err["sig"], bytes([mode_revert]) + unhex(err["data"]))
    put("abi", "revert-empty", bytes([mode_revert]))
    # Transfer(address indexed, address indexed, uint256): 3 topics, topic 0 set by the flags
    topics = b"\0" * 32 + b"\0" * 12 + b"\x35" * 20 + b"\0" * 12 + b"\xf3" * 20
    put("abi", "log-transfer", bytes([ABI_TUPLES + ABI_FUNCTIONS, 3, 1]) + topics + (10**18).to_bytes(32, "big"))


def abi_text_seeds():
    a = load("evm", "abi.json")
    for p in a["params"]:
        put("abi-text", "params-" + p["types"], p["types"] + "\n(" + ", ".join(p["decoded"]) + ")")
    for c in a["calls"]:
        put("abi-text", "sig-" + c["sig"], c["sig"] + "\n" + (c["args"][0] if c["args"] else ""))
    for t, v in [("uint256", "42"), ("int8", "-5"), ("bytes32", "0x" + "ab" * 32), ("string", "hello"),
                 ("address", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), ("uint8[3][]", "[[1,2,3],[4,5,6]]"),
                 ("(bool,string)", '(true, "x\\n\\"y\\x01")'), ("bytes", "0x"), ("int256", "-0x80"),
                 ("(address indexed from,uint256 value)", "(0x3535353535353535353535353535353535353535, 7)"),
                 ("string[]", '[a, "b,c", ]'), ("balanceOf(address)(uint256)", "0x0000000000000000000000000000000000000001"),
                 ("uint", "115792089237316195423570985008687907853269984665640564039457584007913129639935")]:
        put("abi-text", "type-" + t, t + "\n" + v)


def evm_tx_seeds():
    for t in load("evm", "tx.json"):
        put("evm-tx", "raw-" + t["name"], unhex(t["raw"]))
        put("evm-tx", "payload-" + t["name"], unhex(t["signing_payload"]))


def eip712_seeds():
    for f in sorted(os.listdir(fixture("eip712"))):
        if f.endswith(".json"):
            with open(fixture("eip712", f), "rb") as fh:
                put("eip712", f, fh.read())


def solana_seeds():
    m = load("solana", "messages.json")
    for c in m["cases"]:
        put("sol-message", c["name"], base64.b64decode(c["message"]))
        put("sol-tx", "bin-" + c["name"], b"\0" + base64.b64decode(c["tx"]))
        put("sol-tx", "b64-" + c["name"], b"\1" + c["tx"].encode())
        if "tx_base58" in c:
            put("sol-tx", "b58-" + c["name"], b"\2" + c["tx_base58"].encode())


def sol_program_seeds():
    # (program, shape, [(roles, key)], data): see fuzz-sol-program.c
    SYSTEM, TOKEN, TOKEN22, ATA, CB, MEMO = 0, 1, 2, 3, 4, 5
    K_SYSTEM, K_TOKEN = 0x85, 0x86  # k & 0x80 picks program(k % 7)
    owner = bytes(range(32))
    seeds = {
        "system-transfer": (SYSTEM, 2, [(3, 1), (2, 2)], struct.pack("<IQ", 2, 1234567)),
        "system-create-account": (SYSTEM, 2, [(3, 1), (3, 4)], struct.pack("<IQQ", 0, 2039280, 165) + owner),
        "token-transfer-checked": (TOKEN, 4, [(2, 5), (0, 6), (2, 7), (1, 1)], struct.pack("<BQB", 12, 1500000, 6)),
        "token22-transfer-multisig": (TOKEN22, 5, [(2, 5), (0, 6), (2, 7), (0, 8), (1, 1)], struct.pack("<BQB", 12, 1, 9)),
        "ata-create-idempotent": (ATA, 16 | 6, [(3, 1), (2, 2), (0, 3), (0, 4), (0, K_SYSTEM), (0, K_TOKEN)], b"\1"),
        "ata-create": (ATA, 16 | 6, [(3, 1), (2, 2), (0, 3), (0, 4), (0, K_SYSTEM), (0, K_TOKEN)], b""),
        "compute-unit-limit": (CB, 0, [], struct.pack("<BI", 2, 200000)),
        "compute-unit-price": (CB, 0, [], struct.pack("<BQ", 3, 5000)),
        "memo": (MEMO, 1, [(1, 1)], "héllo ✓".encode()),
        "unknown-program": (6, 1, [(3, 1)], b"\x01\x02\x03"),
    }
    for name, (prog, shape, accounts, data) in seeds.items():
        b = bytes([prog, shape]) + b"".join(bytes([r, k]) for r, k in accounts) + data
        put("sol-program", name, b)


def borsh_seeds():
    b = load("solana", "borsh.json")
    # a:u8 b:u16 c:u32 d:u64 e:u128 f:string g:[u8;32] h:Vec<u8> i:Option<u64> j:Option<u64> k:bool l:string
    STRING = 0xfa  # kind 10, room 121
    for n, s in enumerate(b["structs"]):
        f = s["fields"]
        ops = [0x00, 0x01, 0x02, 0x03, 0x05, STRING, 0x88, 0x09]
        for opt in ("i", "j"):
            ops.append(0x07)
            if f[opt] is not None:
                ops.append(0x03)
        ops += [0x06, STRING]
        put("borsh", "struct-%d" % n, bytes([len(ops)]) + bytes(ops) + unhex(s["encoded"]))
    put("borsh", "i64", bytes([1, 0x04]) + struct.pack("<q", -5))
    put("borsh", "bad-bool", bytes([1, 0x06, 2]))


def keyfile_seeds():
    for f in ("cast-import.json", "cast-new.json"):
        with open(fixture("keyfiles", f), "rb") as fh:
            put("web3-keystore", "cast-" + f, fh.read())
    for name, v in load("vectors", "web3-keystore-v3-vectors.json").items():
        put("web3-keystore", "vector-" + name, json.dumps(v["json"]))
    with open(fixture("keyfiles", "web3js-keypair.json"), "rb") as fh:
        put("solana-keypair", "web3js-keypair.json", fh.read())
    put("solana-keypair", "spaced", "[ " + ", ".join(["1"] * 64) + " ]\n")
    for f in sorted(os.listdir(fixture("keyfiles"))):
        if f.startswith("helium-"):
            with open(fixture("keyfiles", f), "rb") as fh:
                put("helium-wallet", f, fh.read())


def conf_seeds():
    put("conf", "full", """# depinctl config
[depinctl]
network = mainnet-rpc
key = ops
kdf = interactive

[network.mainnet-rpc]
family = solana
rpc = https://a.example/rpc, https://b.example/rpc http://127.0.0.1:8899

[network.anvil-2]
family = evm
chain-id = 31338
rpc = http://127.0.0.1:8546
""")
    put("conf", "preset-override", "[network.ethereum]\nrpc = https://eth.example\n")
    put("conf", "bad-kdf", "[depinctl]\nkdf = fast\n")
    put("conf", "no-rpc", "[network.x]\nfamily = evm\n")
    put("conf", "bad-chain-id", "[network.x]\nrpc=http://a\nchain-id = -1\n")
    put("conf", "unknown-section", "[foo]\nbar = 1\n")
    put("conf", "empty", "")


def jsonrpc_seeds():
    for name, s in [
            ("result-number", '{"jsonrpc":"2.0","id":7,"result":1}'),
            ("balance", '{"jsonrpc":"2.0","result":{"context":{"apiVersion":"2.0.15","slot":341197053},"value":18446744073709551615},"id":7}'),
            ("account-info", '{"jsonrpc":"2.0","result":{"context":{"slot":1},"value":{"data":["AQAAAA==","base64"],"executable":false,"lamports":1461600,"owner":"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA","rentEpoch":18446744073709551615,"space":82}},"id":7}'),
            ("eth-hex", '{"jsonrpc":"2.0","id":"7","result":"0x1bc16d674ec80000"}'),
            ("error", '{"jsonrpc":"2.0","id":7,"error":{"code":-32002,"message":"Transaction simulation failed: \\u001b[31mred","data":{"logs":["Program log: x"]}}}'),
            ("error-null-id", '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}'),
            ("other-id", '{"jsonrpc":"2.0","id":8,"result":null}'),
            ("batch", '[{"jsonrpc":"2.0","id":7,"result":"0x1"},{"jsonrpc":"2.0","id":8,"error":{"code":-32600,"message":"batch too large"}}]'),
            ("no-result", '{"jsonrpc":"2.0","id":7}'),
            ("html", "<html><body>502 Bad Gateway</body></html>"),
            ("big-negative", '{"id":7,"result":[-12345678901234567890, 9007199254740993, 1e400, 0.5]}')]:
        put("jsonrpc", name, s)


def bip39_seeds():
    v = load("vectors", "bip39-trezor-vectors.json")["english"]
    for i, vec in enumerate(v):
        put("bip39", "trezor-%02d" % i, vec[1])
    put("bip39", "upper-tabs", "\tABANDON abandon\nabandon abandon abandon abandon abandon abandon abandon abandon abandon ABOUT  ")
    put("bip39", "helium-4-letters", "ritu ice harb gas modi seed cont solv burd peop stay mill")
    put("bip39", "zero-checksum", " ".join(["abandon"] * 12))
    put("bip39", "prefix", "aba")


def hd_path_seeds():
    s = load("vectors", "slip10-vectors.json")
    paths = set()
    for vec in s.values():
        for c in vec.get("chains", []):
            paths.add(c["path"])
    for p in sorted(paths):
        put("hd-path", p, p)
    for p in ["m/44'/501'/0'/0'", "m/44h/60h/0h/0/3", "m/44H/60H/0H/0/2147483647", "m/2147483648",
              "m//1", "M/1", "m/-1", "m/1'/"]:
        put("hd-path", p, p)


def main():
    hex_seeds()
    base58_seeds()
    amount_seeds()
    rlp_seeds()
    abi_seeds()
    abi_text_seeds()
    evm_tx_seeds()
    eip712_seeds()
    solana_seeds()
    sol_program_seeds()
    borsh_seeds()
    keyfile_seeds()
    conf_seeds()
    jsonrpc_seeds()
    bip39_seeds()
    hd_path_seeds()
    return 0


if __name__ == "__main__":
    sys.exit(main())
