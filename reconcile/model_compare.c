/* model_compare.c: field-by-field equality of two models, for the round
 * trips of the format tests (read, write, read again) and the fuzzers.
 * Positions are not compared: a written file puts items on other lines. */
#include "compat.h"
#include "model.h"
#include "target.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool differ(char *why, size_t n, const char *fmt, ...)
	ACC_PRINTF(3, 4);

static bool differ(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

#define SHOW(s) ((s) ? (s) : "(unset)")

/* Compares one string field; fills why on a difference. */
#define CMP_STR(what, idx, fa, fb, field)                                           \
	do {                                                                         \
		if (!str_eq((fa)->field, (fb)->field))                               \
			return differ(why, n, "%s %zu: %s '%s' != '%s'", what, idx,  \
				      #field, SHOW((fa)->field), SHOW((fb)->field)); \
	} while (0)

#define CMP_INT(what, idx, fa, fb, field)                                            \
	do {                                                                          \
		if ((long)(fa)->field != (long)(fb)->field)                           \
			return differ(why, n, "%s %zu: %s %ld != %ld", what, idx,     \
				      #field, (long)(fa)->field, (long)(fb)->field);  \
	} while (0)

static bool strv_eq(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return false;
	return true;
}

static bool user_eq(size_t i, const struct m_user *a, const struct m_user *b,
		    char *why, size_t n)
{
	CMP_STR("user", i, a, b, name);
	CMP_INT("user", i, a, b, action);
	CMP_STR("user", i, a, b, new_name);
	CMP_STR("user", i, a, b, full_name);
	CMP_STR("user", i, a, b, description);
	CMP_STR("user", i, a, b, usr_comment);
	CMP_INT("user", i, a, b, password.kind);
	/* never show a password reference: it may be the password itself */
	if (!str_eq(a->password.ref, b->password.ref))
		return differ(why, n, "user %zu: password references differ", i);
	CMP_INT("user", i, a, b, password_update);
	CMP_INT("user", i, a, b, must_change_password);
	CMP_INT("user", i, a, b, cannot_change_password);
	CMP_INT("user", i, a, b, password_never_expires);
	CMP_INT("user", i, a, b, disabled);
	CMP_INT("user", i, a, b, expires.kind);
	if (a->expires.kind == EXP_DATE) {
		CMP_INT("user", i, a, b, expires.year);
		CMP_INT("user", i, a, b, expires.month);
		CMP_INT("user", i, a, b, expires.day);
	}
	CMP_STR("user", i, a, b, home_dir);
	CMP_STR("user", i, a, b, logon_script);
	CMP_STR("user", i, a, b, profile);
	if (!strv_eq(a->groups, a->n_groups, b->groups, b->n_groups))
		return differ(why, n, "user %zu: groups differ", i);
	CMP_INT("user", i, a, b, builtin);
	CMP_INT("user", i, a, b, override_protection);
	if (!tf_equal(a->target, b->target))
		return differ(why, n, "user %zu: targeting differs", i);
	return true;
}

static bool group_eq(size_t i, const struct m_group *a, const struct m_group *b,
		     char *why, size_t n)
{
	CMP_STR("group", i, a, b, name);
	CMP_STR("group", i, a, b, sid);
	CMP_INT("group", i, a, b, action);
	CMP_STR("group", i, a, b, new_name);
	CMP_STR("group", i, a, b, description);
	CMP_INT("group", i, a, b, delete_all_users);
	CMP_INT("group", i, a, b, delete_all_groups);
	CMP_INT("group", i, a, b, exact);
	CMP_INT("group", i, a, b, override_protection);
	if (!tf_equal(a->target, b->target))
		return differ(why, n, "group %zu: targeting differs", i);
	CMP_INT("group", i, a, b, n_members);
	/* members to add and to remove are two lists: their interleaving is no
	 * part of the meaning (YAML writes them apart) */
	for (int act = MEM_ADD; act <= MEM_REMOVE; act++) {
		size_t j = 0, k = 0;

		for (;;) {
			const struct m_member *x, *y;

			while (j < a->n_members && (int)a->members[j].action != act)
				j++;
			while (k < b->n_members && (int)b->members[k].action != act)
				k++;
			if (j == a->n_members || k == b->n_members) {
				if (j != a->n_members || k != b->n_members)
					return differ(why, n, "group %zu: the members differ", i);
				break;
			}
			x = &a->members[j++];
			y = &b->members[k++];
			if (!str_eq(x->name, y->name) || !str_eq(x->sid, y->sid))
				return differ(why, n, "group %zu: member '%s'/%s != '%s'/%s", i,
					      SHOW(x->name), SHOW(x->sid), SHOW(y->name), SHOW(y->sid));
		}
	}
	return true;
}

bool model_equal(const struct model *a, const struct model *b, char *why, size_t n)
{
	if (a->n_users != b->n_users)
		return differ(why, n, "%zu users != %zu users", a->n_users, b->n_users);
	if (a->n_groups != b->n_groups)
		return differ(why, n, "%zu groups != %zu groups", a->n_groups, b->n_groups);
	for (size_t i = 0; i < a->n_users; i++)
		if (!user_eq(i, &a->users[i], &b->users[i], why, n))
			return false;
	for (size_t i = 0; i < a->n_groups; i++)
		if (!group_eq(i, &a->groups[i], &b->groups[i], why, n))
			return false;
	if (a->policy.unmanaged != b->policy.unmanaged)
		return differ(why, n, "policy unmanaged %s != %s",
			      m_unmanaged_name(a->policy.unmanaged),
			      m_unmanaged_name(b->policy.unmanaged));
	if (!strv_eq(a->policy.protected_accounts, a->policy.n_protected,
		     b->policy.protected_accounts, b->policy.n_protected))
		return differ(why, n, "policy protected lists differ");
	if (why && n)
		why[0] = '\0';
	return true;
}
