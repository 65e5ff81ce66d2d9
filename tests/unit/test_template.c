/*
 * Delivery's text side: templates over an alert record, its fields, and
 * the HMAC-SHA256 signature (RFC 4231 test case 2).
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "unit.h"

static const char record[] = "{\"id\": 42, \"state\": \"suppressed\","
    " \"entity\": {\"name\": \"ACME LLC\", \"programs\": [\"SDGT\", "
    "\"IRAN\"], \"source\": null}, \"match\": {\"score\": 0.95}}";

static void
test_render(void)
{
	char	*s;

	s = template_render("Subject: {{entity.name}} ({{ id }})\n\n"
	    "{{entity.programs}} {{match.score}}{{missing}}{{entity.source}}"
	    " {{unclosed", record);
	CHECK_STR(s, "Subject: ACME LLC (42)\n\nSDGT, IRAN 0.95 {{unclosed");
	free(s);
	s = template_render("no fields", "not json");
	CHECK_STR(s, "no fields");
	free(s);
	s = template_render("{{id}}", "not json");
	CHECK_STR(s, "");
	free(s);
}

static void
test_field(void)
{
	char	*s;

	s = template_field(record, "state");
	CHECK_STR(s, "suppressed");
	free(s);
	s = template_field(record, "id");
	CHECK_STR(s, "42");
	free(s);
	CHECK(template_field(record, "entity.source") == NULL);
	CHECK(template_field(record, "nothing.here") == NULL);
	CHECK(template_field("[1]", "state") == NULL);
}

static void
test_hmac(void)
{
	char	 hex[65];

	hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28, hex);
	CHECK_STR(hex,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

UNIT_SUITE(template,
	{ "render", test_render },
	{ "field", test_field },
	{ "hmac", test_hmac },
)
