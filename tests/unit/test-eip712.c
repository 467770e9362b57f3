/* EIP-712 typed-data hashing: the EIP's "Mail" example, typed data signed by
 * Foundry's cast 1.7.1 (tests/fixtures/eip712/README.md says how each value
 * was made), and hostile inputs, each refused with ERR_USAGE. */
#include "config.h"
#include "tap.h"
#include "hex.h"
#include "keccak.h"
#include "wallet/signer.h"
#include "wallet/address.h"
#include "chains/evm/eip712.h"

#define ANVIL_KEY "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

static void hex0x(char *out, size_t out_size, const uint8_t *b, size_t n)
{
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, out_size - 2, b, n);
}

/* Hashes a fixture, checks its digest, signs it and checks the signature. */
static void fixture(const char *file, const uint8_t key[32], const char *want_digest, const char *want_sig)
{
	char path[256], hex[140];
	uint8_t digest[32], sig[65];
	struct error e = {0};
	snprintf(path, sizeof path, "tests/fixtures/eip712/%s", file);
	char *json = tap_slurp(path);
	int rc = eip712_hash(digest, json, &e);
	is_int(rc, 0, "%s hashes%s%s", file, rc ? ": " : "", rc ? e.msg : "");
	hex0x(hex, sizeof hex, digest, 32);
	is_str(hex, want_digest, "%s digest", file);
	ok(signer_secp256k1_sign(sig, key, digest) == 0, "%s signs", file);
	hex0x(hex, sizeof hex, sig, 65);
	is_str(hex, want_sig, "%s signature equals cast's", file);
	free(json);
}

/* Test documents are written with ' for " to keep them readable. */
static char *dq(const char *s)
{
	char *r = strdup(s);
	for (char *p = r; *p; p++)
		if (*p == '\'')
			*p = '"';
	return r;
}

static void refuse_raw(const char *json, const char *want, const char *what)
{
	uint8_t digest[32];
	struct error e = {0};
	int rc = eip712_hash(digest, json, &e);
	is_int(rc, ERR_USAGE, "refused: %s", what);
	ok(want == NULL || strstr(e.msg, want) != NULL, "  says '%s': %s", want ? want : "", e.msg);
}

static void refuse(const char *json_sq, const char *want, const char *what)
{
	char *json = dq(json_sq);
	refuse_raw(json, want, what);
	free(json);
}

/* A document with a one-field domain, the given types and message. */
#define DOC(types, primary, message)                                                                    \
	"{'types':{'EIP712Domain':[{'name':'name','type':'string'}]," types "},'primaryType':'" primary \
	"','domain':{'name':'n'},'message':" message "}"
#define T1(type) "'A':[{'name':'x','type':'" type "'}]"
#define V1(type, value) DOC(T1(type), "A", "{'x':" value "}")

static void hash_ok(const char *json_sq, uint8_t digest[32], const char *what)
{
	char *json = dq(json_sq);
	struct error e = {0};
	int rc = eip712_hash(digest, json, &e);
	is_int(rc, 0, "accepted: %s%s%s", what, rc ? ": " : "", rc ? e.msg : "");
	free(json);
}

int main(void)
{
	uint8_t anvil[32], cow[32];
	char hex[140];
	struct error e = {0};

	if (hex_decode_exact(anvil, 32, ANVIL_KEY))
		return 1;
	keccak256(cow, "cow", 3);

	/* The EIP-712 "Mail" example (ethereum/EIPs assets/eip-712/Example.js) */
	{
		char *json = tap_slurp("tests/fixtures/eip712/mail.json");
		uint8_t ds[32], sh[32], digest[32], pub[64];
		char et[256], addr[ADDRESS_EVM_MAX];
		ok(eip712_encode_type(et, sizeof et, json, "Mail", &e) == 0, "encodeType(Mail)");
		is_str(et, "Mail(Person from,Person to,string contents)Person(string name,address wallet)",
		       "encodeType(Mail) as in the EIP");
		ok(eip712_encode_type(et, 20, json, "Mail", &e) == ERR_USAGE, "encodeType refuses a small buffer");
		ok(eip712_encode_type(et, sizeof et, json, "Nope", &e) == ERR_USAGE, "encodeType of an unknown type");
		ok(eip712_domain_separator(ds, json, &e) == 0, "domain separator");
		hex_encode(hex, sizeof hex, ds, 32);
		is_str(hex, "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", "Mail domain separator");
		ok(eip712_struct_hash(sh, json, &e) == 0, "struct hash");
		hex_encode(hex, sizeof hex, sh, 32);
		is_str(hex, "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", "Mail hashStruct(message)");
		ok(eip712_hash(digest, json, &e) == 0, "digest");
		hex_encode(hex, sizeof hex, digest, 32);
		is_str(hex, "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", "Mail digest");
		ok(address_evm_from_seckey(addr, sizeof addr, cow) == 0, "cow address");
		is_str(addr, "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "keccak256(\"cow\") is the EIP's signer");
		fixture("mail.json", cow, "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2",
			"0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
			"07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c");
		/* and the published signature recovers the signer */
		uint8_t sig[65];
		if (hex_decode_exact(sig, 65, "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
					      "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c"))
			return 1;
		ok(signer_secp256k1_recover(pub, sig, digest, &e) == 0 &&
		   address_evm_from_pubkey(addr, sizeof addr, pub) == 0, "recover the Mail signature");
		is_str(addr, "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "Mail signature recovers the EIP's address");
		free(json);
	}

	/* cast-signed fixtures */
	fixture("rich.json", anvil, "0x4ee284f089796da06ccd8b1e7866a5f7a642c504523d6de239e9e5477c9a72f9",
		"0xd56eab56262d742515ec3753a19b3cd73ffb4ba39afd2ddad28c294b2ff2fcb9"
		"70a06cc7827484f7ce4e9b53789ebcb9411eaca995b798e2a88571f0ff9f8dd51c");
	fixture("derived-domain.json", anvil, "0x6e45d97efa3496263b97254511fc053d8d6aaa33bd4ed7d2901d8e100ee7b815",
		"0x22533cdbd195692f725863d34ef452fcd3f0df77ec0785510430c4693352107b"
		"6b5dad358fe9ff85e9433d1b0a023b78fb01358b1025d6bb519ceaf07bee24291b");
	fixture("uint-alias.json", anvil, "0xf3126a62246e475ed73a8616d9f90188cb65e2d909331caa402dfaac17e83b98",
		"0x360b23cdc7f06d5eb779cb3d65df345b658ca5aea9240623ddce33fa7ed03d1d"
		"580c74d32c78479cf391d8a640e935a0329d9e0e86cb1bde646928af798c7f111b");
	fixture("negative-hex.json", anvil, "0xcdbc740140289fb0b807d6514bff066c1dc2d1826054417e04682a36840972de",
		"0x334f79c1a5298998ae983fb54e1d593b365c9c07b4c4ce99b0aa5c31bba68690"
		"7a859ceff68e2106463d30ba33ae3b065e215ec9733d0e2cedd7434be34c6b3e1c");
	fixture("domain-only.json", anvil, "0x63d6be0d5b769b87eaca4d679f429dcf04a4dcda6efbe57eb4fb8b2c45eb52b1",
		"0xe39ecf446485a99fc5c507c29656a1c318fe50d479affa2654c79ad177574c7f"
		"6cadc8d00a945c6cf65928cc8e4ab70f0038e9b946a672217e0e28c3b8b21b7c1c");
	{
		char *json = tap_slurp("tests/fixtures/eip712/rich.json");
		char et[1024];
		ok(eip712_encode_type(et, sizeof et, json, "Order", &e) == 0, "encodeType(Order)");
		ok(strstr(et, ")Leg(address asset,uint96 amount,int8 side)Meta(uint8 level,int32 score)"
			      "Party(string name,address wallet,Meta meta)") != NULL &&
		   strstr(et, "Unused") == NULL,
		   "referenced types follow sorted by name, unreferenced ones are left out");
		ok(eip712_encode_type(et, sizeof et, json, "Party", &e) == 0 &&
		   strcmp(et, "Party(string name,address wallet,Meta meta)Meta(uint8 level,int32 score)") == 0,
		   "encodeType(Party) pulls in Meta: %s", et);
		free(json);
	}

	/* one value, many spellings: the same encoding */
	{
		uint8_t a[32], b[32];
		hash_ok(V1("uint256", "255"), a, "uint256 as a JSON number");
		hash_ok(V1("uint256", "'255'"), b, "uint256 as a decimal string");
		ok(memcmp(a, b, 32) == 0, "255 and '255' hash alike");
		hash_ok(V1("uint256", "'0xff'"), b, "uint256 as a hex string");
		ok(memcmp(a, b, 32) == 0, "255 and '0xff' hash alike");
		hash_ok(V1("uint256", "'0x00000000000000000000000000000000000000000000000000000000000000ff'"), b,
			"uint256 as a zero-padded 64-digit hex string");
		ok(memcmp(a, b, 32) == 0, "255 and its 0-padded hex hash alike");
		hash_ok(V1("int64", "-5"), a, "int64 -5");
		hash_ok(V1("int64", "'-5'"), b, "int64 '-5'");
		ok(memcmp(a, b, 32) == 0, "-5 and '-5' hash alike");
		hash_ok(V1("int64", "'-0x5'"), b, "int64 '-0x5'");
		ok(memcmp(a, b, 32) == 0, "-5 and '-0x5' hash alike");
		hash_ok(V1("int8", "'-0'"), a, "int8 '-0'");
		hash_ok(V1("int8", "0"), b, "int8 0");
		ok(memcmp(a, b, 32) == 0, "-0 is 0");
		hash_ok(V1("address", "'0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826'"), a, "a lower-case address");
		hash_ok(V1("address", "'0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826'"), b, "a checksummed address");
		ok(memcmp(a, b, 32) == 0, "address case does not matter");
		hash_ok(V1("uint8", "255"), a, "uint8 255 (its maximum)");
		hash_ok(V1("int256", "'-57896044618658097711785492504343953926634992332820282019728792003956564819968'"), a,
			"int256 minimum");
		hash_ok(V1("int256", "'57896044618658097711785492504343953926634992332820282019728792003956564819967'"), a,
			"int256 maximum");
		hash_ok(V1("uint256", "'115792089237316195423570985008687907853269984665640564039457584007913129639935'"), a,
			"uint256 maximum");
		hash_ok(V1("uint256", "1e3"), a, "a JSON number in exponent form");
		hash_ok(V1("uint256", "1000"), b, "1000");
		ok(memcmp(a, b, 32) == 0, "1e3 is 1000");
		hash_ok(V1("uint256", "9007199254740991"), a, "2^53-1 as a JSON number");
	}

	/* hostile and malformed input */
	refuse_raw(NULL, "empty", "NULL");
	refuse("{", "not valid JSON", "truncated JSON");
	refuse("{} x", "not valid JSON", "trailing garbage");
	refuse("[]", "not a JSON object", "an array at the top");
	refuse("{'primaryType':'A','domain':{},'message':{}}", "'types'", "missing types");
	refuse("{'types':[],'primaryType':'A','domain':{},'message':{}}", "'types'", "types that is not an object");
	refuse("{'types':{'A':[]},'domain':{},'message':{}}", "'primaryType'", "missing primaryType");
	refuse("{'types':{'A':[]},'primaryType':'A','message':{}}", "'domain'", "missing domain");
	refuse("{'types':{'A':[]},'primaryType':'A','domain':{}}", "'message'", "missing message");
	refuse("{'types':{'A':[]},'primaryType':'A','domain':{},'message':[]}", "'message'", "an array message");
	refuse(DOC(T1("uint8"), "B", "{'x':1}"), "primaryType 'B' is not defined", "an undefined primaryType");
	refuse(DOC("'A':[{'name':'p','type':'Persn'}]", "A", "{'p':{}}"), "unknown type 'Persn'", "an unknown type");
	refuse(DOC("'A':[{'name':'b','type':'B'}],'B':[{'name':'a','type':'A'}]", "A", "{'b':{'a':{}}}"),
	       "refers to itself", "a cycle A -> B -> A");
	refuse(DOC("'A':[{'name':'kids','type':'A[]'}]", "A", "{'kids':[]}"), "refers to itself",
	       "a type containing an array of itself");
	refuse(DOC("'A':[{'name':'x','type':'uint8'}],'A':[{'name':'y','type':'uint8'}]", "A", "{'x':1}"),
	       "defined twice", "a type defined twice");
	refuse(DOC("'uint256':[{'name':'x','type':'uint8'}]", "uint256", "{'x':1}"), "atomic type",
	       "an atomic type redefined");
	refuse(DOC("'A B':[{'name':'x','type':'uint8'}]", "A B", "{'x':1}"), "not an identifier",
	       "a type name with a space");
	refuse(DOC("'A':[{'name':'x','type':'uint8'},{'name':'x','type':'bool'}]", "A", "{'x':1}"),
	       "declared twice", "a field declared twice");
	refuse(DOC("'A':[{'name':'x'}]", "A", "{'x':1}"), "expected {", "a field without a type");
	refuse(DOC("'A':{'name':'x','type':'bool'}", "A", "{'x':1}"), "expected an array", "a type that is not an array");
	refuse(V1("uint7", "1"), "unknown type", "uint7");
	refuse(V1("uint264", "1"), "unknown type", "uint264");
	refuse(V1("uint08", "1"), "unknown type", "uint08");
	refuse(V1("bytes33", "'0x00'"), "unknown type", "bytes33");
	refuse(V1("bytes0", "'0x'"), "unknown type", "bytes0");
	refuse(V1("uint8[", "[]"), "malformed", "an unclosed [");
	refuse(V1("uint8[0]", "[]"), "array length", "a zero-length fixed array");
	refuse(V1("uint8[01]", "[1]"), "array length", "a fixed length with a leading zero");
	refuse(V1("uint8[]x", "[]"), "malformed", "text after ]");
	refuse(V1("uint8[][][][][][][][][]", "[]"), "dimensions", "nine array dimensions");
	/* wrong shapes */
	refuse(V1("uint256", "'ten'"), "not a decimal number", "a word for a uint");
	refuse(V1("uint256", "''"), "not a number", "an empty string for a uint");
	refuse(V1("uint256", "' 1'"), "not a decimal number", "a number with a space");
	refuse(V1("uint256", "'0x'"), "not a number", "0x alone for a uint");
	refuse(V1("uint256", "'0xg1'"), "not a hexadecimal number", "a bad hex digit");
	refuse(V1("uint256", "true"), "expected a number", "a bool for a uint");
	refuse(V1("uint256", "1.5"), "not an integer", "a fraction");
	refuse(V1("string", "5"), "expected a string", "a number for a string");
	refuse(V1("bool", "'true'"), "expected true or false", "a string for a bool");
	refuse(V1("bool", "1"), "expected true or false", "a number for a bool");
	refuse(V1("address", "{}"), "expected an address", "an object for an address");
	refuse(V1("address", "'0x1234'"), "not an EVM address", "a short address");
	refuse(V1("address", "'0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827'"), "checksum", "a bad EIP-55 checksum");
	refuse(V1("bytes", "'hello'"), "0x-prefixed", "bytes without 0x");
	refuse(V1("bytes", "'0xabc'"), "not valid hex", "odd-length bytes");
	refuse(V1("bytes4", "'0xdeadbe'"), "expected 4 bytes", "bytes4 with three bytes");
	refuse(V1("bytes4", "'0xdeadbeef00'"), "expected 4 bytes", "bytes4 with five bytes");
	refuse(V1("uint8[]", "{}"), "expected an array", "an object for an array");
	refuse(V1("uint8[2]", "[1,2,3]"), "expected 2 elements", "a fixed array of the wrong length");
	refuse(V1("uint8[2][]", "[[1,2],[3]]"), "message.x[1]: expected 2 elements", "a short inner array");
	refuse(DOC("'A':[{'name':'p','type':'P'}],'P':[{'name':'v','type':'bool'}]", "A", "{'p':[true]}"),
	       "expected an object", "an array for a struct");
	/* out of range */
	refuse(V1("uint256", "'115792089237316195423570985008687907853269984665640564039457584007913129639936'"),
	       "out of range", "2^256");
	refuse(V1("uint256", "'0x10000000000000000000000000000000000000000000000000000000000000000'"), "out of range",
	       "2^256 in hex");
	refuse(V1("int256", "'-57896044618658097711785492504343953926634992332820282019728792003956564819969'"),
	       "out of range", "int256 minimum - 1");
	refuse(V1("int256", "'57896044618658097711785492504343953926634992332820282019728792003956564819968'"),
	       "out of range", "int256 maximum + 1");
	refuse(V1("uint8", "256"), "out of range", "uint8 256");
	refuse(V1("uint8", "-1"), "out of range", "uint8 -1");
	refuse(V1("int8", "128"), "out of range", "int8 128");
	refuse(V1("int8", "-129"), "out of range", "int8 -129");
	refuse(V1("int16", "'-0x8001'"), "out of range", "int16 -0x8001");
	refuse(V1("uint64", "'18446744073709551616'"), "out of range", "uint64 2^64");
	refuse(V1("uint256", "9007199254740992"), "give it as a string", "a JSON number of 2^53");
	refuse(V1("uint256", "1e300"), "give it as a string", "1e300");
	/* missing, extra and duplicate fields */
	refuse(DOC("'A':[{'name':'x','type':'uint8'},{'name':'y','type':'uint8'}]", "A", "{'x':1}"), "missing field 'y'",
	       "a missing message field");
	refuse(V1("uint8", "1,'z':2"), "'z' is not declared", "an undeclared message field");
	refuse(V1("uint8", "1,'x':2"), "appears twice", "a field given twice");
	refuse("{'types':{'EIP712Domain':[{'name':'name','type':'string'},{'name':'chainId','type':'uint256'}],"
	       "'A':[]},'primaryType':'A','domain':{'name':'n'},'message':{}}",
	       "domain: missing field 'chainId'", "a missing domain field");
	refuse("{'types':{'EIP712Domain':[{'name':'name','type':'string'}],'A':[]},'primaryType':'A',"
	       "'domain':{'name':'n','chainId':1},'message':{}}",
	       "'chainId' is not declared", "an undeclared domain field");
	refuse("{'types':{'A':[]},'primaryType':'A','domain':{'name':'n','color':'red'},'message':{}}",
	       "not a standard domain field", "a non-standard domain field without EIP712Domain");
	refuse(V1("string", "'a\\u0000b'"), "NUL", "a string holding \\u0000");
	{
		/* nesting deeper than EIP712_MAX_DEPTH: S0 { S1 s } ... S39 { uint8 v } */
		char types[8192] = "", msg[4096] = "", doc[16384];
		size_t tl = 0, ml = 0;
		for (int i = 0; i < 40; i++) {
			if (i < 39)
				tl += (size_t)snprintf(types + tl, sizeof types - tl, "%s'S%d':[{'name':'s','type':'S%d'}]",
						       i ? "," : "", i, i + 1);
			else
				tl += (size_t)snprintf(types + tl, sizeof types - tl, ",'S39':[{'name':'v','type':'uint8'}]");
			ml += (size_t)snprintf(msg + ml, sizeof msg - ml, "%s", i < 39 ? "{'s':" : "{'v':1");
		}
		for (int i = 0; i < 40; i++)
			ml += (size_t)snprintf(msg + ml, sizeof msg - ml, "}");
		snprintf(doc, sizeof doc,
			 "{'types':{'EIP712Domain':[],%s},'primaryType':'S0','domain':{},'message':%s}", types, msg);
		refuse(doc, "levels deep", "40 levels of nested structs");
		/* 20 levels are fine */
		snprintf(doc, sizeof doc,
			 "{'types':{'EIP712Domain':[],%s},'primaryType':'S20','domain':{},'message':%s}", types,
			 msg + 20 * 5);
		char *json = dq(doc);
		/* cut the 20 closing braces too many */
		json[strlen(json) - 21] = '}';
		json[strlen(json) - 20] = '\0';
		uint8_t d[32];
		is_int(eip712_hash(d, json, &e), 0, "20 levels of nested structs are fine");
		free(json);
	}
	{
		/* eight array dimensions are fine */
		uint8_t d[32];
		hash_ok(V1("uint8[][][][][][][][1]", "[[[[[[[[1]]]]]]]]"), d, "eight nested arrays");
		/* JSON nesting past cJSON's limit is refused without a crash */
		char deep[5000];
		memset(deep, '[', 4000);
		deep[4000] = '\0';
		refuse(deep, "not valid JSON", "4000 nested arrays");
	}
	{
		/* more than EIP712_MAX_TYPES types */
		size_t cap = 40000, len = 0;
		char *doc = malloc(cap);
		len += (size_t)snprintf(doc + len, cap - len, "{'types':{'EIP712Domain':[]");
		for (int i = 0; i < 300; i++)
			len += (size_t)snprintf(doc + len, cap - len, ",'T%d':[]", i);
		snprintf(doc + len, cap - len, "},'primaryType':'T0','domain':{},'message':{}}");
		refuse(doc, "more than 256 types", "300 types");
		free(doc);
	}
	return tap_done();
}
