/* fuzz_gpp.c: libFuzzer target for the Groups.xml reader (and with it the
 * cpassword decoder, which the reader runs on every cpassword) and writer.
 * Beyond "no crash, no leak": a model read without errors is always
 * expressible in Groups.xml, and write -> read gives it back unchanged. */
#include "diag.h"
#include "error.h"
#include "formats.h"
#include "gpp.h"
#include "model.h"
#include "strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void dump_diags(const char *what, const struct diags *d)
{
	fprintf(stderr, "%s:\n", what);
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %u:%u: %s\n", d->v[i].line, d->v[i].col, d->v[i].msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *a = model_new(), *b = model_new();
	struct diags da = DIAGS_INIT, db = DIAGS_INIT, dw = DIAGS_INIT;
	struct strbuf out = STRBUF_INIT;
	struct acc_error err = { 0 };
	char why[256];

	sb_init(&out);
	if (gpp_read_buf((const char *)data, size, "fuzz.xml", a, &da, &err) == 0) {
		model_validate(a, &da); /* must not crash on anything read */
		if (gpp_write_diags(a, &out, &dw) != 0) {
			dump_diags("a model read from Groups.xml is not writable", &dw);
			abort();
		}
		if (gpp_read_buf(out.buf, out.len, "out.xml", b, &db, &err) < 0) {
			fprintf(stderr, "written Groups.xml does not read back: %s\n%s\n",
				err.msg, out.buf);
			dump_diags("diagnostics", &db);
			abort();
		}
		if (!model_equal(a, b, why, sizeof(why))) {
			fprintf(stderr, "round trip changed the model: %s\n%s\n", why, out.buf);
			abort();
		}
	}
	sb_release(&out);
	diags_release(&da);
	diags_release(&db);
	diags_release(&dw);
	model_free(a);
	model_free(b);
	return 0;
}
