#pragma once
/* model.h: the desired state, as read from YAML or Groups.xml.
 *
 * Only what the file states is managed: every optional field has an "unset"
 * value (NULL string, M_UNSET, EXP_UNSET, PW_NONE) that means "leave as the
 * server has it", never "set empty". An empty string "" means "set empty".
 *
 * Every item remembers where it came from (file, line, column). A model
 * owns every string it holds, including the interned file names that the
 * positions point at; model_free(NULL) is a no-op. */

#include <stdbool.h>
#include <stddef.h>

struct diags;
struct tf_node;
struct tf_skip;

struct src_pos {
	const char *file;   /* interned in the model (model_intern) */
	unsigned line, col; /* 1-based; 0 = unknown */
};

/* MS-GPPREF actions: C, R, U, D. Update is the default. */
enum m_action { M_UPDATE = 0, M_CREATE, M_REPLACE, M_DELETE };

enum m_bool { M_UNSET = 0, M_FALSE, M_TRUE };

enum m_pw_kind {
	PW_NONE = 0,    /* no password stated */
	PW_ENV,         /* ref = environment variable name */
	PW_FILE,        /* ref = path; first line of the file */
	PW_CPASSWORD,   /* ref = GPP cpassword base64 (MS14-025: as good as plaintext) */
	PW_LITERAL,     /* ref = the password itself; explicit opt-in only */
};

struct m_password {
	enum m_pw_kind kind;
	char *ref;
};

enum m_pw_update { PWU_ENFORCE = 0, PWU_ON_CREATE };

enum m_expiry_kind { EXP_UNSET = 0, EXP_NEVER, EXP_DATE };

/* Account expiry; a date means 23:59 local time that day (MS-GPPREF). */
struct m_expiry {
	enum m_expiry_kind kind;
	int year, month, day;
};

/* GPP subAuthority: target the built-in account whatever its name. */
enum m_builtin { BUILTIN_NONE = 0, BUILTIN_ADMIN /* RID 500 */, BUILTIN_GUEST /* RID 501 */ };

struct m_user {
	struct src_pos pos;
	char *name;
	enum m_action action;
	char *new_name;          /* rename; update only */
	char *full_name;
	char *description;       /* usri_comment */
	char *usr_comment;
	struct m_password password;
	enum m_pw_update password_update;
	enum m_bool must_change_password;   /* at next logon */
	enum m_bool cannot_change_password;
	enum m_bool password_never_expires;
	enum m_bool disabled;
	struct m_expiry expires;
	char *home_dir;
	char *logon_script;
	char *profile;
	char **groups;           /* local groups the user must belong to */
	size_t n_groups;
	enum m_builtin builtin;
	bool override_protection; /* explicit: may delete/disable/rename a protected account */
	struct tf_node *target;  /* hosts it is for (target.h); NULL = every host */
};

enum m_member_action { MEM_ADD = 0, MEM_REMOVE };

struct m_member {
	struct src_pos pos;
	char *name;   /* may be NULL when sid is set */
	char *sid;    /* wins over name */
	enum m_member_action action;
};

struct m_group {
	struct src_pos pos;
	char *name;
	char *sid;               /* wins over name */
	enum m_action action;
	char *new_name;
	char *description;
	bool delete_all_users;   /* GPP deleteAllUsers */
	bool delete_all_groups;  /* GPP deleteAllGroups */
	bool exact;              /* members is the exact list (both delete-all + ADD) */
	struct m_member *members;
	size_t n_members;
	bool override_protection; /* exact may remove protected built-in members */
	struct tf_node *target;  /* hosts it is for (target.h); NULL = every host */
};

/* What to do with live accounts that the file does not mention. */
enum m_unmanaged { UNMANAGED_IGNORE = 0, UNMANAGED_REPORT, UNMANAGED_DISABLE, UNMANAGED_DELETE };

struct m_policy {
	enum m_unmanaged unmanaged;
	char **protected_accounts;  /* never touched by the unmanaged policy */
	size_t n_protected;
};

struct model {
	struct m_user *users;
	size_t n_users, alloc_users;
	struct m_group *groups;
	size_t n_groups, alloc_groups;
	struct m_policy policy;
	char **files;               /* interned file names */
	size_t n_files, alloc_files;
	/* items tf_select removed: not for this host (target.h) */
	struct tf_skip *skipped;
	size_t n_skipped, alloc_skipped;
};

struct model *model_new(void);
void model_free(struct model *m);

/* Returns the model's own copy of file, added once. */
const char *model_intern(struct model *m, const char *file);

/* Append a zeroed item and return it (valid until the next append). */
struct m_user *model_add_user(struct model *m);
struct m_group *model_add_group(struct model *m);
struct m_member *m_group_add_member(struct m_group *g);
/* Releases item i and closes the gap (later items move down by one). */
void model_remove_user(struct model *m, size_t i);
void model_remove_group(struct model *m, size_t i);
void m_user_add_group(struct m_user *u, const char *group);
void m_policy_add_protected(struct m_policy *p, const char *name);

/* Find by name, case-insensitively (Windows rules); NULL if absent. */
struct m_user *model_find_user(const struct model *m, const char *name);
struct m_group *model_find_group(const struct model *m, const char *name);

/* Checks the model as a whole, format-independently: account names by
 * Windows' rules, duplicate users or groups (case-insensitive), renames that
 * collide with another item, create with a new name, contradictory flags,
 * invalid dates. Adds one DIAG_ERROR per problem with the item's position;
 * returns the number of errors added. */
size_t model_validate(const struct model *m, struct diags *d);

/* Field-by-field equality of two models, positions aside (round-trip tests).
 * On a difference returns false and, if why is not NULL, describes the first
 * one in why (never a password reference). */
bool model_equal(const struct model *a, const struct model *b, char *why, size_t n);

const char *m_action_name(enum m_action a);       /* "create", ... */
const char *m_unmanaged_name(enum m_unmanaged u); /* "ignore", ... */
