/* The Solidity contract ABI: types, values, call data, return data, logs and
 * revert reasons (docs.soliditylang.org, "Contract ABI Specification").
 *
 * Types are parsed from strings as Solidity writes them: uint8..uint256,
 * int8..int256 (multiples of 8; "uint" and "int" mean 256 bits), address,
 * bool, bytes1..bytes32, bytes, string, T[] and T[N] (nested freely) and
 * tuples "(T1,T2,...)". A tuple member may carry "indexed" and a name, as in
 * "(address indexed from, uint256 value)"; both are dropped from the
 * canonical form. fixed/ufixed and function are refused.
 *
 * Values are a tree of struct abi_value, each node tagged with its kind:
 *
 *   kind                 fields
 *   ABI_UINT, ABI_INT    num (ints in two's complement over 256 bits)
 *   ABI_BOOL             num (0 or 1)
 *   ABI_ADDRESS          fixed[0..20)
 *   ABI_FIXED_BYTES      fixed[0..size), size = N of bytesN
 *   ABI_BYTES, STRING    data, len (data has a NUL after len for strings)
 *   ABI_ARRAY, ABI_FIXED_ARRAY, ABI_TUPLE   items[0..count)
 *
 * A node owns data and items (abi_value_release frees the subtree). Build
 * values with the abi_value_* setters, or parse them from text with
 * abi_value_parse, which reads the syntax cast takes: numbers in decimal or
 * 0x hex (a '-' for intN), true / false, 0x-hex for address (EIP-55 checked
 * when mixed case), bytes and bytesN (exactly N bytes), [a, b] for arrays,
 * (a, b) for tuples, strings raw at the top level and inside brackets
 * either "quoted" (\" \\ \n \r \t \xNN escapes) or bare (up to , ] or ),
 * spaces trimmed). abi_value_format writes the same syntax (strings always
 * quoted, addresses in EIP-55 case), as cast abi-decode prints values.
 *
 * Encoding checks each value against its type (kind, ranges of uintN/intN,
 * lengths of T[N] and tuples) before writing. Decoding is for hostile data:
 * every offset and length is checked against the end of the data, the
 * padding of value types must be clean (address, bool, uintN < 256 with
 * high bits zero, intN sign-extended, bytesN right-padded with zeros),
 * types nest at most ABI_MAX_DEPTH deep, and the decoded tree is capped at
 * ABI_DECODE_MAX_BYTES so offsets aliasing one big array cannot blow up
 * memory. The tails of bytes and string are not checked (Solidity's decoder
 * does not either). Every failure is ERR_USAGE (ERR_FAIL for out of
 * memory) with a message starting "abi: ". */
#ifndef DEPINCTL_ABI_H
#define DEPINCTL_ABI_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "u256.h"

#define ABI_MAX_DEPTH 16		    /* nesting of arrays and tuples */
#define ABI_MAX_MEMBERS 256		    /* members of one tuple */
#define ABI_MAX_STATIC_SIZE (1u << 20)	    /* encoded size of a static type, bytes */
#define ABI_DECODE_MAX_BYTES (16u << 20)    /* memory a decoded tree may take */

enum abi_kind {
	ABI_UINT = 1,
	ABI_INT,
	ABI_ADDRESS,
	ABI_BOOL,
	ABI_FIXED_BYTES, /* bytes1..bytes32 */
	ABI_BYTES,
	ABI_STRING,
	ABI_ARRAY,	 /* T[] */
	ABI_FIXED_ARRAY, /* T[N] */
	ABI_TUPLE,
};

struct abi_type {
	enum abi_kind kind;
	unsigned size;		  /* uintN / intN: N bits; bytesN: N */
	size_t len;		  /* T[N]: N */
	struct abi_type *elem;	  /* arrays: the element type */
	struct abi_type *members; /* tuples: count member types */
	size_t count;
	char *name;		  /* a tuple member's name, or NULL */
	int indexed;		  /* a tuple member marked "indexed" (events) */
};

/* Parses one type; *out is heap memory for abi_type_free. */
int abi_type_parse(struct abi_type **out, const char *s, struct error *e) WUR;
void abi_type_free(struct abi_type *t);
/* The canonical form: "uint256", "(address,uint256)[2][]". ERR_USAGE when
 * out_size is too small. */
int abi_type_format(char *out, size_t out_size, const struct abi_type *t) WUR;
int abi_type_is_dynamic(const struct abi_type *t);

/* A function, event or error: "name(inputs)" with, for functions, an
 * optional "(outputs)" after it, as cast takes them:
 * "balanceOf(address)(uint256)". */
struct abi_func {
	char *name;
	struct abi_type *inputs;  /* a tuple */
	struct abi_type *outputs; /* a tuple, or NULL when not given */
	char *signature;	  /* canonical "name(type,...)" */
	uint8_t selector[4];	  /* keccak256(signature)[0..4) */
	uint8_t topic[32];	  /* keccak256(signature), an event's topic 0 */
};

int abi_func_parse(struct abi_func *f, const char *sig, struct error *e) WUR;
void abi_func_release(struct abi_func *f);
/* The first 4 bytes of keccak256 of a canonical signature. */
void abi_selector(uint8_t out[4], const char *signature);

struct abi_value {
	enum abi_kind kind;
	struct u256 num;
	uint8_t fixed[32];
	size_t size;
	uint8_t *data;
	size_t len;
	struct abi_value *items;
	size_t count;
};

/* A zeroed node of no kind; release frees the subtree and zeroes the node. */
void abi_value_init(struct abi_value *v);
void abi_value_release(struct abi_value *v);

void abi_value_uint(struct abi_value *v, const struct u256 *n);
void abi_value_uint64(struct abi_value *v, uint64_t n);
/* twos: the value in two's complement over 256 bits */
void abi_value_int(struct abi_value *v, const struct u256 *twos);
void abi_value_int64(struct abi_value *v, int64_t n);
void abi_value_bool(struct abi_value *v, int b);
void abi_value_address(struct abi_value *v, const uint8_t addr[20]);
/* bytesN: 1 <= len <= 32 */
int abi_value_fixed_bytes(struct abi_value *v, const void *data, size_t len) WUR;
int abi_value_bytes(struct abi_value *v, const void *data, size_t len) WUR;
int abi_value_string(struct abi_value *v, const char *s) WUR;
/* count zeroed items to fill in (kind ABI_ARRAY also serves T[N]). */
int abi_value_array(struct abi_value *v, size_t count) WUR;
int abi_value_tuple(struct abi_value *v, size_t count) WUR;

/* Text (the syntax above) as a value of type t. */
int abi_value_parse(struct abi_value *out, const struct abi_type *t, const char *text, struct error *e) WUR;
/* The value as text; *out is malloc'd. */
int abi_value_format(char **out, const struct abi_value *v, struct error *e) WUR;

/* The encoding of a tuple value (function arguments, return data,
 * abi.encode(...)): *out is malloc'd (NULL for an empty tuple). */
int abi_encode_params(uint8_t **out, size_t *out_len, const struct abi_type *tuple, const struct abi_value *v,
		      struct error *e) WUR;
/* selector || arguments */
int abi_encode_call(uint8_t **out, size_t *out_len, const struct abi_func *f, const struct abi_value *args,
		    struct error *e) WUR;
/* The same from a signature and one text argument per input. */
int abi_encode_call_text(uint8_t **out, size_t *out_len, const char *signature, const char *const *argv,
			 size_t argc, struct error *e) WUR;

/* Decodes data as the tuple type (return data, an event's data); the whole
 * head must be there; bytes past what the types reach are ignored, as
 * Solidity does. *out is a tuple value to release. */
int abi_decode_params(struct abi_value *out, const struct abi_type *tuple, const uint8_t *data, size_t len,
		      struct error *e) WUR;
/* Call data: checks the selector is f's, decodes the arguments. */
int abi_decode_call(struct abi_value *out, const struct abi_func *f, const uint8_t *data, size_t len,
		    struct error *e) WUR;
/* A log of event ev: topics[0] must be ev's topic (unless anonymous); the
 * indexed inputs come from the following topics (a dynamic type's topic is
 * its keccak256, given as a bytes32 value) and the others from data.
 * *out is a tuple with one item per input, in declaration order. */
int abi_decode_log(struct abi_value *out, const struct abi_func *ev, int anonymous, const uint8_t (*topics)[32],
		   size_t n_topics, const uint8_t *data, size_t len, struct error *e) WUR;

/* What a Solidity panic code means, or NULL for a code it does not use. */
const char *abi_panic_reason(uint64_t code);

/* Revert data as text for a human:
 *   ""                      -> "execution reverted (no reason)"
 *   Error(string)           -> "execution reverted: <the reason, escaped>"
 *   Panic(uint256)          -> "panic 0x11: arithmetic overflow or underflow"
 *   a known custom error    -> "Name(arg, ...)" (errors: signatures such as
 *                              "InsufficientBalance(uint256,uint256)")
 *   an unknown selector     -> "custom error 0x12345678 (unknown; N bytes of data)"
 * Malformed data (a known selector with arguments that do not decode, 1..3
 * bytes) is ERR_USAGE. *out is malloc'd. */
int abi_decode_revert(char **out, const uint8_t *data, size_t len, const char *const *errors, size_t n_errors,
		      struct error *e) WUR;

#endif
