/* formats.c: format detection and dispatch to the YAML and Groups.xml
 * readers and writers. */
#include "formats.h"

#include "diag.h"
#include "error.h"
#include "model.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum format formats_detect(const char *buf, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	return i < len && buf[i] == '<' ? FORMAT_GPP : FORMAT_YAML;
}

int formats_parse_name(const char *name, enum format *out)
{
	if (!strcmp(name, "auto"))
		*out = FORMAT_AUTO;
	else if (!strcmp(name, "yaml") || !strcmp(name, "yml"))
		*out = FORMAT_YAML;
	else if (!strcmp(name, "gpp") || !strcmp(name, "xml"))
		*out = FORMAT_GPP;
	else
		return -1;
	return 0;
}

const char *formats_name(enum format f)
{
	switch (f) {
	case FORMAT_YAML: return "yaml";
	case FORMAT_GPP: return "gpp";
	case FORMAT_AUTO: break;
	}
	return "auto";
}

int formats_slurp(const char *path, char **buf, size_t *len, struct acc_error *err)
{
	FILE *f = NULL;
	char *data = NULL;
	size_t n = 0, alloc = 0, got;
	int rc = -1;

	f = fopen(path, "rb");
	if (!f) {
		acc_fail(err, ACC_EIO, errno, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	do {
		XGROW(data, alloc, n + 65536 + 1);
		got = fread(data + n, 1, alloc - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		acc_fail(err, ACC_EIO, errno, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	data[n] = '\0';
	*buf = data;
	*len = n;
	data = NULL;
	rc = 0;
out:
	free(data);
	if (f)
		fclose(f);
	return rc;
}

int formats_read_buf(const char *buf, size_t len, const char *name,
		     enum format fmt, struct model *m, struct diags *d,
		     struct acc_error *err)
{
	if (fmt == FORMAT_AUTO)
		fmt = formats_detect(buf, len);
	if (fmt == FORMAT_GPP)
		return gpp_read_buf(buf, len, name, m, d, err);
	return yaml_read_buf(buf, len, name, m, d, err);
}

int formats_load_buf(const char *buf, size_t len, const char *name,
		     enum format fmt, struct model *m, struct diags *d,
		     struct acc_error *err)
{
	size_t before = d->n_errors;

	if (formats_read_buf(buf, len, name, fmt, m, d, err) < 0 && d->n_errors == before)
		return -1; /* not read at all: nothing to validate */
	model_validate(m, d);
	if (d->n_errors == before)
		return 0;
	return acc_fail(err, ACC_EPARSE, 0, "%s: %zu error%s", name, d->n_errors - before,
			d->n_errors - before == 1 ? "" : "s");
}

typedef int buf_reader(const char *buf, size_t len, const char *name, enum format fmt,
		       struct model *m, struct diags *d, struct acc_error *err);

/* Reads path into memory and hands it to read, named by path. */
static int with_file(buf_reader *read, const char *path, enum format fmt,
		     struct model *m, struct diags *d, struct acc_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	rc = formats_slurp(path, &buf, &len, err);
	if (rc == 0)
		rc = read(buf, len, path, fmt, m, d, err);
	free(buf);
	return rc;
}

int formats_read_file(const char *path, enum format fmt, struct model *m,
		      struct diags *d, struct acc_error *err)
{
	return with_file(formats_read_buf, path, fmt, m, d, err);
}

int formats_load(const char *path, enum format fmt, struct model *m,
		 struct diags *d, struct acc_error *err)
{
	return with_file(formats_load_buf, path, fmt, m, d, err);
}

int formats_write(const struct model *m, enum format fmt, struct strbuf *out,
		  struct formats_pw_refs *refs, struct acc_error *err)
{
	if (fmt == FORMAT_GPP)
		return gpp_write(m, out, refs, err);
	return yaml_write(m, out, refs, err);
}

void formats_pw_refs_release(struct formats_pw_refs *refs)
{
	for (size_t i = 0; i < refs->n; i++) {
		free(refs->v[i].var);
		free(refs->v[i].account);
	}
	free(refs->v);
	memset(refs, 0, sizeof(*refs));
}

void formats_pw_refs_apply(struct model *m, const struct formats_pw_refs *refs)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n_users && k < refs->n; i++) {
		struct m_password *pw = &m->users[i].password;

		if (pw->kind != PW_LITERAL && pw->kind != PW_CPASSWORD)
			continue;
		if (pw->ref)
			explicit_bzero(pw->ref, strlen(pw->ref));
		free(pw->ref);
		pw->ref = xstrdup(refs->v[k++].var);
		pw->kind = PW_ENV;
	}
}

static int refs_has(const struct formats_pw_refs *refs, const char *var)
{
	for (size_t i = 0; i < refs->n; i++)
		if (!strcmp(refs->v[i].var, var))
			return 1;
	return 0;
}

const char *formats_pw_ref_add(struct formats_pw_refs *refs, const char *account,
			       int was)
{
	char *base = xasprintf("ACCORD_PW_%s", account ? account : "");
	char *var = NULL;
	struct formats_pw_ref *r;

	for (char *p = base + strlen("ACCORD_PW_"); *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	}
	var = xstrdup(base);
	for (unsigned k = 2; refs_has(refs, var); k++) {
		free(var);
		var = xasprintf("%s_%u", base, k);
	}
	free(base);
	XGROW(refs->v, refs->alloc, refs->n + 1);
	r = &refs->v[refs->n++];
	r->var = var;
	r->account = xstrdup(account);
	r->was = was;
	return r->var;
}
