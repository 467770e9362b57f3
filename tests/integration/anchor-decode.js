#!/usr/bin/env node
// Decodes Solana transactions with Anchor's coder (npm @coral-xyz/anchor) and
// Helium's published IDLs (npm @helium/idls), so tests check what depinctl
// builds against another implementation than depinctl's own.
//
// Usage: node anchor-decode.js --idl NAME[,NAME...] [--rpc URL]
//                              [--lut TABLE=ADDR,ADDR,...]... [TX_BASE64...]
//   --idl   the IDLs to decode with (@helium/idls/lib/types/NAME.d.ts:
//           lazy_distributor, rewards_oracle, data_credits,
//           voter_stake_registry, helium_sub_daos, ...); an instruction
//           whose program is one of them is decoded with that IDL
//   --rpc   a JSON-RPC endpoint to read the address lookup tables a v0
//           transaction loads from (getAccountInfo)
//   --lut   a lookup table's addresses given directly (repeatable)
// Transactions (standard base64, wire form) come from the arguments, else
// one per line on stdin.
//
// Output: one JSON document on stdout:
//   {"transactions": [{"size": N, "version": 0|"legacy", "signers": [...],
//     "signatures_valid": true, "fee_payer": "...", "instructions": [
//       {"program": ADDR, "idl": "lazy_distributor", "name": "distributeCompressionRewardsV0",
//        "args": {...}, "accounts": {"common.payer": ADDR, ...},
//        "remaining": [ADDR...], "writable": [names], "signer": [names]},
//       {"program": "Ed25519SigVerify111111111111111111111111111",
//        "ed25519": [{"pubkey": ADDR, "signature": HEX, "message": HEX, "valid": true}]},
//       {"program": ADDR, "name": null, "data": HEX}   (not in the IDLs given)
//     ]}]}
// Instruction names and argument names are the IDL's (camelCase, as
// @helium/idls ships them); u64/i64 arguments are decimal strings, public
// keys base58, byte arrays hex. Exit 1 with a message on stderr when a
// transaction cannot be parsed or an instruction of a given program does
// not decode.
'use strict';
const fs = require('fs');
const nacl = require('tweetnacl');
const { BorshCoder } = require('@coral-xyz/anchor');
const web3 = require('@solana/web3.js');

const ED25519 = 'Ed25519SigVerify111111111111111111111111111';

// @helium/idls ships the IDLs only as TypeScript type literals (its lib/cjs
// files are empty): the literal is turned into JSON.
function loadIdl(name) {
	const file = require.resolve('@helium/idls/lib/types/' + name + '.d.ts');
	let s = fs.readFileSync(file, 'utf8');
	const start = s.indexOf('= {');
	const end = s.lastIndexOf('};');
	if (start < 0 || end < 0)
		throw new Error(file + ': no IDL type literal');
	s = s.slice(start + 2, end + 1).replace(/;(\s*[}\]])/g, '$1').replace(/;/g, ',');
	return JSON.parse(s);
}

function plain(v) {
	if (v === null || v === undefined)
		return v;
	if (v instanceof web3.PublicKey)
		return v.toBase58();
	if (Buffer.isBuffer(v) || v instanceof Uint8Array)
		return Buffer.from(v).toString('hex');
	if (typeof v === 'object' && typeof v.toArrayLike === 'function' && typeof v.toString === 'function')
		return v.toString(10); // BN
	if (typeof v === 'bigint')
		return v.toString();
	if (Array.isArray(v)) {
		if (v.length && v.every((x) => typeof x === 'number' && x >= 0 && x < 256 && Number.isInteger(x)) &&
		    v.length >= 32)
			return Buffer.from(v).toString('hex');
		return v.map(plain);
	}
	if (typeof v === 'object') {
		const o = {};
		for (const k of Object.keys(v))
			o[k] = plain(v[k]);
		return o;
	}
	return v;
}

// IDL account entries, flattened ("common.payer" for nested groups).
function flatAccounts(list, prefix, out) {
	for (const a of list) {
		if (a.accounts)
			flatAccounts(a.accounts, prefix + a.name + '.', out);
		else
			out.push({ name: prefix + a.name, writable: !!a.writable, signer: !!a.signer });
	}
	return out;
}

function ed25519Entries(data, ixDatas) {
	// Solana's Ed25519 precompile: count, padding, then per signature seven
	// u16: signature offset, its instruction index, public key offset, its
	// index, message offset, message size, its index (0xffff: this one).
	const count = data[0];
	const out = [];
	const pick = (idx, off, len) => {
		const src = idx === 0xffff ? data : ixDatas[idx];
		if (!src || off + len > src.length)
			throw new Error('ed25519 instruction: offsets out of range');
		return Buffer.from(src.slice(off, off + len));
	};
	for (let i = 0; i < count; i++) {
		const b = 2 + 14 * i;
		const u = (k) => data[b + 2 * k] | (data[b + 2 * k + 1] << 8);
		const sig = pick(u(1), u(0), 64), pk = pick(u(3), u(2), 32), msg = pick(u(6), u(4), u(5));
		out.push({ pubkey: new web3.PublicKey(pk).toBase58(), signature: sig.toString('hex'),
			   message: msg.toString('hex'), valid: nacl.sign.detached.verify(msg, sig, pk) });
	}
	return out;
}

async function rpcCall(url, method, params) {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
				       body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
	const j = await res.json();
	if (j.error)
		throw new Error(method + ': ' + j.error.message);
	return j.result;
}

async function main() {
	const argv = process.argv.slice(2);
	const idls = {}; // program address -> {name, coder, idl}
	const luts = {};
	let rpc = null;
	const txs = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--idl') {
			for (const name of argv[++i].split(',')) {
				const idl = loadIdl(name);
				idls[idl.address] = { name, idl, coder: new BorshCoder(idl) };
			}
		} else if (a === '--rpc') {
			rpc = argv[++i];
		} else if (a === '--lut') {
			const [t, list] = argv[++i].split('=');
			luts[t] = list.split(',').filter(Boolean).map((x) => new web3.PublicKey(x));
		} else {
			txs.push(a);
		}
	}
	if (!txs.length)
		for (const line of fs.readFileSync(0, 'utf8').split('\n'))
			if (line.trim())
				txs.push(line.trim());
	const result = [];
	for (const b64 of txs) {
		const raw = Buffer.from(b64, 'base64');
		const tx = web3.VersionedTransaction.deserialize(raw);
		const msg = tx.message;
		const tables = [];
		for (const l of msg.addressTableLookups || []) {
			const key = l.accountKey.toBase58();
			if (!luts[key]) {
				if (!rpc)
					throw new Error('transaction loads lookup table ' + key + ': give --rpc or --lut');
				const info = await rpcCall(rpc, 'getAccountInfo', [key, { encoding: 'base64' }]);
				if (!info || !info.value)
					throw new Error('lookup table ' + key + ' not found');
				const data = Buffer.from(info.value.data[0], 'base64');
				luts[key] = web3.AddressLookupTableAccount.deserialize(data).addresses;
			}
			tables.push(new web3.AddressLookupTableAccount({ key: l.accountKey,
				state: { deactivationSlot: BigInt('18446744073709551615'), lastExtendedSlot: 0,
					 lastExtendedSlotStartIndex: 0, addresses: luts[key] } }));
		}
		const keys = msg.getAccountKeys({ addressLookupTableAccounts: tables });
		const all = keys.keySegments().flat();
		const signers = all.slice(0, msg.header.numRequiredSignatures);
		let sigsValid = true;
		const msgBytes = msg.serialize();
		signers.forEach((pk, i) => {
			if (!nacl.sign.detached.verify(msgBytes, tx.signatures[i], pk.toBytes()))
				sigsValid = false;
		});
		const ixDatas = msg.compiledInstructions.map((ix) => Buffer.from(ix.data));
		const ixs = [];
		for (const ix of msg.compiledInstructions) {
			const program = all[ix.programIdIndex].toBase58();
			const data = Buffer.from(ix.data);
			const accs = ix.accountKeyIndexes.map((k) => ({ key: all[k].toBase58(),
				writable: msg.isAccountWritable(k), signer: msg.isAccountSigner(k) }));
			if (program === ED25519) {
				ixs.push({ program, ed25519: ed25519Entries(data, ixDatas) });
				continue;
			}
			const p = idls[program];
			if (!p) {
				ixs.push({ program, name: null, data: data.toString('hex'),
					   accounts: accs.map((a) => a.key) });
				continue;
			}
			const dec = p.coder.instruction.decode(data);
			if (!dec)
				throw new Error(p.name + ': instruction data ' + data.toString('hex').slice(0, 16) +
						'... does not decode');
			const def = p.idl.instructions.find((x) => x.name === dec.name);
			const names = flatAccounts(def.accounts, '', []);
			const accounts = {}, writable = [], signer = [];
			names.forEach((n, k) => {
				if (k >= accs.length)
					return;
				accounts[n.name] = accs[k].key;
				if (accs[k].writable)
					writable.push(n.name);
				if (accs[k].signer)
					signer.push(n.name);
			});
			ixs.push({ program, idl: p.name, name: dec.name, args: plain(dec.data),
				   accounts, missing: names.slice(accs.length).map((n) => n.name),
				   remaining: accs.slice(names.length).map((a) => a.key), writable, signer });
		}
		result.push({ size: raw.length, version: msg.version, fee_payer: all[0].toBase58(),
			      signers: signers.map((k) => k.toBase58()), signatures_valid: sigsValid,
			      lookup_tables: (msg.addressTableLookups || []).map((l) => l.accountKey.toBase58()),
			      instructions: ixs });
	}
	process.stdout.write(JSON.stringify({ transactions: result }, null, 1) + '\n');
}

if (require.main === module)
	main().catch((err) => {
		process.stderr.write('anchor-decode: ' + err.message + '\n');
		process.exit(1);
	});

module.exports = { loadIdl, flatAccounts, ed25519Entries };
