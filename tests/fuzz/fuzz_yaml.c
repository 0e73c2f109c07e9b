/* fuzz_yaml.c: libFuzzer target for the YAML reader, model_validate and the
 * writer. Beyond "no crash, no leak": whatever reads without errors must
 * survive write -> read with an equal model (the writer's contract). */
#include "diag.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *a = model_new(), *b = model_new();
	struct diags da = DIAGS_INIT, db = DIAGS_INIT;
	struct formats_pw_refs refs = FORMATS_PW_REFS_INIT;
	struct strbuf out = STRBUF_INIT;
	struct acc_error err = { 0 };
	char why[256];

	sb_init(&out);
	if (yaml_read_buf((const char *)data, size, "fuzz.yaml", a, &da, &err) == 0 &&
	    model_validate(a, &da) == 0 &&
	    yaml_write(a, &out, &refs, &err) == 0) {
		if (yaml_read_buf(out.buf, out.len, "out.yaml", b, &db, &err) < 0) {
			fprintf(stderr, "written yaml does not read back: %s\n%s\n", err.msg, out.buf);
			for (size_t i = 0; i < db.n; i++)
				fprintf(stderr, "%u:%u: %s\n", db.v[i].line, db.v[i].col, db.v[i].msg);
			abort();
		}
		formats_pw_refs_apply(a, &refs);
		if (!model_equal(a, b, why, sizeof(why))) {
			fprintf(stderr, "round trip changed the model: %s\n%s\n", why, out.buf);
			abort();
		}
	}
	sb_release(&out);
	formats_pw_refs_release(&refs);
	diags_release(&da);
	diags_release(&db);
	model_free(a);
	model_free(b);
	return 0;
}
