/* Helium reward claims (see claim.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "networks/helium/claim.h"

int helium_claim_prepare(struct net_claim *c, const struct net_claim_request *rq, struct error *e)
{
	(void)c;
	(void)rq;
	return error_set(e, ERR_FAIL, "helium: claims are not built yet");
}

int helium_claim_execute(struct net_claim *c, const uint8_t secret[32], struct error *e)
{
	(void)c;
	(void)secret;
	return error_set(e, ERR_FAIL, "helium: claims are not built yet");
}

void helium_claim_release(struct net_claim *c)
{
	(void)c;
}
