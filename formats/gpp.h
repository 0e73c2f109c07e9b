#pragma once
/* gpp.h: Group Policy Preferences Groups.xml (MS-GPPREF 2.2.1.11), the
 * parts shared by the reader (gpp_read.c) and the writer (gpp_write.c).
 * The public entry points gpp_read_buf, gpp_read_file and gpp_write are in
 * formats.h.
 *
 * A Groups.xml holds <User> and <Group> items inside <Groups>; each item's
 * settings are the attributes of its <Properties> child:
 *
 *   <Groups clsid="{3125E937-...}">
 *     <User clsid="{DF5F1855-...}" name="alice" uid="{...}">
 *       <Properties action="U" userName="alice" cpassword="..." .../>
 *     </User>
 *     <Group clsid="{6D4A79E4-...}" name="Administrators (built-in)">
 *       <Properties action="U" groupName="Administrators (built-in)"
 *                   groupSid="S-1-5-32-544" deleteAllUsers="1" ...>
 *         <Members><Member name="EXAMPLE\bob" action="ADD" sid=""/></Members>
 *       </Properties>
 *     </Group>
 *   </Groups>
 *
 * How the file maps onto the model (model.h):
 * - empty newName, fullName, description, groupSid, cpassword and expires
 *   mean "not stated" (GPMC writes every attribute, empty when the field
 *   was left blank), so "set to empty" cannot be said in Groups.xml;
 * - booleans are "0" or "1"; "0" is stated (M_FALSE), an absent attribute
 *   is unset;
 * - neverExpires is the password-never-expires flag and supersedes expires;
 * - a " (built-in)" suffix on a name is GPMC's label and is dropped;
 *   subAuthority RID_ADMIN / RID_GUEST is the model's builtin;
 * - deleteAllUsers + deleteAllGroups with ADD members is an exact member
 *   list (m_group.exact);
 * - cpassword stays a reference (PW_CPASSWORD); the reader decrypts it once
 *   only to report a broken one at its position, and warns (MS14-025). */

#include <stddef.h>

struct diags;
struct model;
struct strbuf;
struct acc_error;

#define GPP_CLSID_GROUPS "{3125E937-EB16-4b4c-9934-544FC6D24D26}"
#define GPP_CLSID_USER   "{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}"
#define GPP_CLSID_GROUP  "{6D4A79E4-529C-4481-ABD0-F5BD7EA93BA7}"

/* GPMC's label on built-in accounts and groups, dropped from names. */
#define GPP_BUILTIN_SUFFIX " (built-in)"

/* Files larger than this are refused before parsing. */
#define GPP_MAX_FILE (16u * 1024 * 1024)

/* "C", "R", "U", "D" for an m_action. */
const char *gpp_action_letter(int action);

/* gpp_write's core: writes m as Groups.xml to out (appended) and adds a
 * DIAG_WARNING at the item's position for everything the model states that
 * Groups.xml cannot hold (passwords from env, file or literal, home
 * directory, logon script, profile, user comment, group lists of users,
 * "on create" passwords, "never" account expiry, empty strings, the
 * unmanaged policy). Such content is left out of the file. Returns the
 * number of warnings added.
 *
 * gpp_write (formats.h) writes the same file without the warnings: a field
 * left out is "not managed", which is safe (an export stays a no-op plan).
 * It fails only for a user whose password is an env, file or literal
 * reference, since the file would then not set the password asked for.
 * Unlike the YAML writer it writes a PW_CPASSWORD as the cpassword it is
 * (already in the file's own, public-key form) and leaves refs empty. */
size_t gpp_write_diags(const struct model *m, struct strbuf *out, struct diags *d);
