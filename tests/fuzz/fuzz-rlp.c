/* RLP decoding (chains/evm/rlp.h): any bytes. Decoding is strict, so what
 * decodes is canonical: re-encoding the tree gives back the very bytes. The
 * item accessors (lists, integers, fixed strings) run on every node. */
#include "config.h"
#include "fuzz.h"

#include "chains/evm/rlp.h"

#define MAX_ITEMS 64

static void walk(struct rlp_buf *b, const struct rlp_item *it, int depth)
{
	struct error e = {0};
	uint64_t u;
	struct u256 v;

	FUZZ_CHECK(depth <= RLP_MAX_DEPTH);
	FUZZ_CHECK(it->payload >= it->raw && it->payload + it->len == it->raw + it->raw_len);
	if (!it->is_list) {
		rlp_put_bytes(b, it->payload, it->len);
		if (rlp_item_u64(&u, it, "value", &e) == 0)
			FUZZ_CHECK(it->len <= 8 && (it->len == 0 || it->payload[0] != 0));
		if (rlp_item_u256(&v, it, "value", &e) == 0) {
			uint8_t be[32];
			size_t n = u256_to_be_min(be, &v);
			FUZZ_CHECK(n == it->len && memcmp(be, it->payload, n) == 0);
		}
		(void)!rlp_item_fixed(it, 20, 1, "address", &e);
		FUZZ_CHECK(rlp_item_fixed(it, it->len, 0, "string", &e) == 0);
		return;
	}

	struct rlp_item items[MAX_ITEMS];
	size_t count = 0, n = 0;
	FUZZ_CHECK(rlp_list_count(&count, it, &e) == 0);
	FUZZ_CHECK(rlp_item_u64(&u, it, "value", &e) != 0);
	if (rlp_list_items(items, MAX_ITEMS, &n, it, &e) != 0) {
		FUZZ_CHECK(count > MAX_ITEMS);
		/* too many to walk one by one: copy the list as it is */
		rlp_put_raw(b, it->raw, it->raw_len);
		return;
	}
	FUZZ_CHECK(n == count);
	size_t mark = rlp_list_begin(b);
	for (size_t i = 0; i < n; i++)
		walk(b, &items[i], depth + 1);
	rlp_list_end(b, mark);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct rlp_item top;
	uint8_t *in = fuzz_copy(data, size);

	if (rlp_decode(&top, in, size, &e) == 0) {
		struct rlp_buf b;
		FUZZ_CHECK(top.raw == in && top.raw_len == size && top.offset == 0);
		rlp_buf_init(&b);
		walk(&b, &top, 0);
		FUZZ_CHECK(rlp_buf_finish(&b, &e) == 0);
		FUZZ_CHECK(b.len == size && memcmp(b.data, in, size) == 0);
		rlp_buf_release(&b);
	} else {
		FUZZ_CHECK(e.code == ERR_USAGE && strncmp(e.msg, "rlp: ", 5) == 0);
	}
	free(in);
	return 0;
}
