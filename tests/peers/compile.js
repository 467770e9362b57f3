#!/usr/bin/env node
// Compiles the project's Solidity (tests/contracts/*.sol) with solc-js
// (pinned in tests/peers) into tests/fixtures/contracts/NAME.json: the ABI and
// the creation and runtime bytecode, for the tests to deploy without a
// compiler.
//
//   node compile.js            write the fixtures
//   node compile.js --check    compile and compare with the committed
//                              fixtures; exit 1 when any differs
//   --src DIR / --out DIR      other folders (default: ../contracts and
//                              ../fixtures/contracts beside this file)
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

// Fixed settings: the bytecode (and its metadata hash) depends on them.
const SETTINGS = {
	optimizer: { enabled: true, runs: 200 },
	evmVersion: 'cancun',
	outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

function main(argv) {
	let check = false;
	let src = path.join(__dirname, '..', 'contracts');
	let out = path.join(__dirname, '..', 'fixtures', 'contracts');
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--check')
			check = true;
		else if (argv[i] === '--src')
			src = argv[++i];
		else if (argv[i] === '--out')
			out = argv[++i];
		else {
			console.error('usage: compile.js [--check] [--src DIR] [--out DIR]');
			return 2;
		}
	}
	const sources = {};
	for (const f of fs.readdirSync(src).filter((n) => n.endsWith('.sol')).sort())
		sources[f] = { content: fs.readFileSync(path.join(src, f), 'utf8') };
	if (Object.keys(sources).length === 0) {
		console.error(`compile.js: no .sol files in ${src}`);
		return 1;
	}
	const result = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS })));
	let failed = false;
	for (const e of result.errors || []) {
		console.error(e.formattedMessage.trimEnd());
		if (e.severity === 'error')
			failed = true;
	}
	if (failed)
		return 1;
	let status = 0;
	for (const [sourceName, contracts] of Object.entries(result.contracts)) {
		for (const [contractName, c] of Object.entries(contracts)) {
			const artifact = {
				contractName, sourceName, compiler: `solc ${solc.version()}`, settings: {
					optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion },
				abi: c.abi, bytecode: '0x' + c.evm.bytecode.object, deployedBytecode: '0x' + c.evm.deployedBytecode.object,
			};
			const text = JSON.stringify(artifact, null, '\t') + '\n';
			const file = path.join(out, `${contractName}.json`);
			if (check) {
				const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
				if (old === text) {
					console.log(`${file}: up to date`);
				} else {
					console.log(`${file}: differs from a fresh compile of ${sourceName}; run node tests/peers/compile.js`);
					status = 1;
				}
			} else {
				fs.mkdirSync(out, { recursive: true });
				fs.writeFileSync(file, text);
				console.log(`${file}: written`);
			}
		}
	}
	return status;
}

process.exitCode = main(process.argv.slice(2));
