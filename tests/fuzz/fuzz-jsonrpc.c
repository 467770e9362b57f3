/* JSON-RPC replies (src/jsonrpc.h): any bytes as a reply body. jsonrpc_parse
 * accepts only what is JSON (quoting big integers never makes JSON of what
 * was not), jsonrpc_u64 reads exact integers only, and a reply taken into a
 * call (jsonrpc_call_take_reply, as a transfer takes it) ends in a result or
 * a clear error with nothing from the server that could drive a terminal. */
#include "config.h"
#include "fuzz.h"

#include <cjson/cJSON.h>
#include "http.h"
#include "jsonrpc.h"

static void walk(const cJSON *v, int depth)
{
	uint64_t u;
	if (depth > 1000)
		return;
	if (jsonrpc_u64(&u, v) == 0) {
		if (cJSON_IsNumber(v)) {
			FUZZ_CHECK(v->valuedouble >= 0 && v->valuedouble <= 9007199254740992.0);
			FUZZ_CHECK((double)u == v->valuedouble);
		} else {
			FUZZ_CHECK(cJSON_IsString(v) && v->valuestring[0]);
			FUZZ_CHECK(strspn(v->valuestring, "0123456789") == strlen(v->valuestring));
		}
	}
	for (const cJSON *c = v->child; c; c = c->next)
		walk(c, depth + 1);
}

static void no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		FUZZ_CHECK(*p >= 0x20 && *p != 0x7f);
		if (*p == 0xc2)
			FUZZ_CHECK(p[1] >= 0xa0); /* no C1 controls */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	const char *text;
	char *in = (char *)fuzz_copy(data, size);
	char shown[64];

	text = in;
	cJSON *root = jsonrpc_parse(text, size);
	if (root) {
		const char *end = NULL;
		cJSON *plain = cJSON_ParseWithLengthOpts(text, size, &end, 0);
		if (!plain) {
			fprintf(stderr, "jsonrpc_parse accepts what cJSON refuses\n");
			FUZZ_CHECK(!"jsonrpc_parse accepts JSON only");
		}
		cJSON_Delete(plain);
		walk(root, 0);
		cJSON_Delete(root);
	}

	/* the reply for a call with id 7 */
	struct jsonrpc_call call;
	FUZZ_CHECK(jsonrpc_call_init(&call, "getBalance", NULL, &e) == 0);
	call.id = 7;
	call.pending = 1;
	jsonrpc_call_take_reply(&call, text, size, "https://rpc.example/");
	FUZZ_CHECK(call.pending == 0);
	if (call.code == 0) {
		FUZZ_CHECK(call.result != NULL && !call.rpc_error);
	} else {
		FUZZ_CHECK(call.code == ERR_NET && call.result == NULL && call.err.msg[0]);
		FUZZ_CHECK(strncmp(call.err.msg, "getBalance: https://rpc.example/: ", 34) == 0);
		no_controls(call.err.msg);
		if (call.rpc_error)
			no_controls(call.rpc_message);
	}
	jsonrpc_call_release(&call);

	http_sanitize(shown, sizeof shown, text, size);
	FUZZ_CHECK(strlen(shown) < sizeof shown);
	no_controls(shown);
	free(in);
	return 0;
}
