#pragma once
/* formats.h: desired-state files in and out: YAML (yaml_*.c) and Group
 * Policy Preferences Groups.xml (gpp_*.c), behind one entry point.
 *
 * Readers fill a caller-owned struct model and add one positioned
 * diagnostic per problem to a caller-owned struct diags; they keep going
 * after an error where they can, so one run reports every problem of a file.
 * The model receives every item that could be read even when errors are
 * reported (so model_validate can add its own checks); a caller must not act
 * on a model whose diags hold errors. Readers never resolve secrets: a
 * password stays a reference (env, file, cpassword, literal), see model.h.
 *
 * Writers never write a secret: a PW_LITERAL or PW_CPASSWORD password is
 * written as a reference to an environment variable (formats_pw_env_name)
 * and that variable is listed in a struct formats_pw_refs, so the caller can
 * tell the admin what to set (the MS14-025 migration path: Groups.xml with
 * cpasswords -> YAML with env references + the variables to set). */

#include <stddef.h>

struct acc_error;
struct diags;
struct m_conflicts;
struct model;
struct strbuf;

enum format {
	FORMAT_AUTO = 0, /* formats_detect decides */
	FORMAT_YAML,
	FORMAT_GPP,      /* Group Policy Preferences Groups.xml */
};

/* The format of a file's content: the first non-space character (after an
 * optional UTF-8 byte order mark) is '<' for Groups.xml, anything else is
 * YAML. Never returns FORMAT_AUTO. */
enum format formats_detect(const char *buf, size_t len);

/* "auto", "yaml", "gpp" (also "xml") -> *out. Returns 0, or -1 for an
 * unknown name (*out untouched). */
int formats_parse_name(const char *name, enum format *out);
/* "yaml", "gpp" or "auto". */
const char *formats_name(enum format f);

/* Reads a whole file into a NUL-terminated buffer the caller frees.
 * Returns 0, or -1 with err ("cannot read FILE: why"). */
int formats_slurp(const char *path, char **buf, size_t *len, struct acc_error *err);

/* Reads path as fmt (FORMAT_AUTO: formats_detect on its content) into m.
 * Returns 0 when the file was read and no DIAG_ERROR was added, -1 when it
 * could not be read (err says why, no diagnostic added) or when errors were
 * added to d (err then summarises "FILE: N errors"). Positions in m and d
 * name path as given. */
int formats_read_file(const char *path, enum format fmt, struct model *m,
		      struct diags *d, struct acc_error *err);
/* The same for a buffer already in memory; name is used in positions. */
int formats_read_buf(const char *buf, size_t len, const char *name,
		     enum format fmt, struct model *m, struct diags *d,
		     struct acc_error *err);
/* What every verb that reads a desired-state file wants: formats_read_file,
 * then model_validate on whatever was read (even after reader errors, so
 * all problems are reported at once). Returns 0 when d holds no error. */
int formats_load(const char *path, enum format fmt, struct model *m,
		 struct diags *d, struct acc_error *err);
/* The same for a buffer already in memory; name is used in positions. */
int formats_load_buf(const char *buf, size_t len, const char *name,
		     enum format fmt, struct model *m, struct diags *d,
		     struct acc_error *err);

/* Several desired-state files, in precedence order (`-f A -f B`: B wins). */
struct formats_files {
	const char *const *paths;
	size_t n;
	enum format fmt;   /* FORMAT_AUTO: each file's own (formats_detect) */
	/* The per-file step, run on each file's own model after it was read
	 * and checked without error and before it is merged; NULL for none.
	 * It may change or drop items (item-level targeting). Adding errors
	 * to d keeps the file out of the merge; returning -1 (err set) stops
	 * the load. It returns 1 when it changed the model: then the file's
	 * items that state one account are merged in file order (model_fold,
	 * conflicts appended) and the file is checked again (model_validate);
	 * 0 leaves the file as read and checked. */
	int (*step)(void *step_data, const char *path, struct model *m, struct diags *d,
		    struct acc_error *err);
	void *step_data;
};

/* What every verb that reads desired-state files calls, for one file or
 * several: each file is read and checked into its own model
 * (formats_load_buf; its format detected unless in->fmt says), goes
 * through in->step, and is merged in order into one model (model_merge:
 * the later file wins per account and per field; each field two files
 * state differently is appended to conflicts). With several files the
 * merged model is checked again (model_validate: a rename onto a name
 * another file uses). A file with errors does not stop the others, so one
 * run reports every problem; a file that cannot be read does (err says
 * why, no diagnostic). fmts, when not NULL, receives each file's format
 * (in->n entries). Returns 0 with *out set (caller frees), or -1 with
 * *out untouched, err summarising ("FILE: N errors"). */
int formats_load_files(const struct formats_files *in, struct model **out,
		       struct m_conflicts *conflicts, enum format *fmts, struct diags *d,
		       struct acc_error *err);

/* One environment variable a writer referenced instead of writing a secret. */
struct formats_pw_ref {
	char *var;      /* ACCORD_PW_<NAME> */
	char *account;  /* the user it is the password of */
	int was;        /* enum m_pw_kind the model held: PW_LITERAL or PW_CPASSWORD */
};

/* Owns its strings; formats_pw_refs_release on an empty list is a no-op. */
struct formats_pw_refs {
	struct formats_pw_ref *v;
	size_t n, alloc;
};

#define FORMATS_PW_REFS_INIT { NULL, 0, 0 }

/* The variable a writer uses for account's password: "ACCORD_PW_" + the
 * name in upper case with every character outside [A-Z0-9] as '_'; when
 * that variable is already in refs for another account, "_2", "_3", ... is
 * appended. Adds the variable to refs and returns refs' copy. */
const char *formats_pw_ref_add(struct formats_pw_refs *refs, const char *account,
			       int was);
void formats_pw_refs_release(struct formats_pw_refs *refs);
/* Turns m's literal and cpassword passwords into the {env: VAR} references
 * a writer put in refs (in user order), so that m says what the written
 * file says: after migrating Groups.xml to YAML, or to compare a model with
 * its written-and-read-back copy. */
void formats_pw_refs_apply(struct model *m, const struct formats_pw_refs *refs);

/* Writes m as fmt (FORMAT_YAML or FORMAT_GPP) to out (appended). Secrets
 * become env references listed in refs (may be NULL: the references are
 * still written). Returns 0, or -1 with err when the model cannot be
 * expressed in that format. */
int formats_write(const struct model *m, enum format fmt, struct strbuf *out,
		  struct formats_pw_refs *refs, struct acc_error *err);

/* YAML (yaml_read.c, yaml_write.c). The same contracts as above. */
int yaml_read_buf(const char *buf, size_t len, const char *name,
		  struct model *m, struct diags *d, struct acc_error *err);
int yaml_read_file(const char *path, struct model *m, struct diags *d,
		   struct acc_error *err);
int yaml_write(const struct model *m, struct strbuf *out,
	       struct formats_pw_refs *refs, struct acc_error *err);

/* Group Policy Preferences Groups.xml (gpp_*.c). The same contracts. */
int gpp_read_buf(const char *buf, size_t len, const char *name,
		 struct model *m, struct diags *d, struct acc_error *err);
int gpp_read_file(const char *path, struct model *m, struct diags *d,
		  struct acc_error *err);
int gpp_write(const struct model *m, struct strbuf *out,
	      struct formats_pw_refs *refs, struct acc_error *err);
