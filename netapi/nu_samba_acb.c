/* nu_samba_acb.c: exact conversion between the UF_* words of the NetUser
 * API and the ACB_* words SAMR carries (MS-SAMR 2.2.1.12, 2.2.1.13).
 * libnetapi 4.17 converts on reads only and sends UF_* words unconverted
 * (and NetQueryDisplayInformation returns raw ACB_* words), so accord
 * converts itself, in both directions, here. */
#include "nu_samba.h"

static const struct {
	uint32_t uf;
	uint32_t acb;
} flag_map[] = {
	{ 0x00000002, 0x00000001 }, /* ACCOUNTDISABLE    DISABLED */
	{ 0x00000008, 0x00000002 }, /* HOMEDIR_REQUIRED  HOMDIRREQ */
	{ 0x00000020, 0x00000004 }, /* PASSWD_NOTREQD    PWNOTREQ */
	{ 0x00000100, 0x00000008 }, /* TEMP_DUPLICATE    TEMPDUP */
	{ 0x00000200, 0x00000010 }, /* NORMAL_ACCOUNT    NORMAL */
	{ 0x00020000, 0x00000020 }, /* MNS_LOGON         MNS */
	{ 0x00000800, 0x00000040 }, /* INTERDOMAIN_TRUST DOMTRUST */
	{ 0x00001000, 0x00000080 }, /* WORKSTATION_TRUST WSTRUST */
	{ 0x00002000, 0x00000100 }, /* SERVER_TRUST      SVRTRUST */
	{ 0x00010000, 0x00000200 }, /* DONT_EXPIRE_PASSWD PWNOEXP */
	{ 0x00000010, 0x00000400 }, /* LOCKOUT           AUTOLOCK */
	{ 0x00000080, 0x00000800 }, /* ENCRYPTED_TEXT_PWD ENC_TXT_PWD_ALLOWED */
	{ 0x00040000, 0x00001000 }, /* SMARTCARD_REQUIRED */
	{ 0x00080000, 0x00002000 }, /* TRUSTED_FOR_DELEGATION */
	{ 0x00100000, 0x00004000 }, /* NOT_DELEGATED */
	{ 0x00200000, 0x00008000 }, /* USE_DES_KEY_ONLY */
	{ 0x00400000, 0x00010000 }, /* DONT_REQUIRE_PREAUTH */
	{ 0x00800000, 0x00020000 }, /* PASSWORD_EXPIRED  PW_EXPIRED */
	{ 0x01000000, 0x00040000 }, /* TRUSTED_TO_AUTHENTICATE_FOR_DELEGATION */
	{ 0x02000000, 0x00080000 }, /* NO_AUTH_DATA_REQUIRED */
	{ 0x04000000, 0x00100000 }, /* PARTIAL_SECRETS_ACCOUNT */
	{ 0x08000000, 0x00200000 }, /* USE_AES_KEYS */
};

#define FLAG_MAP_LEN (sizeof(flag_map) / sizeof(flag_map[0]))

uint32_t nu_acb_to_uf(uint32_t acb)
{
	uint32_t uf = UF_SCRIPT;

	for (size_t i = 0; i < FLAG_MAP_LEN; i++)
		if (acb & flag_map[i].acb)
			uf |= flag_map[i].uf;
	return uf;
}

uint32_t nu_uf_to_acb(uint32_t uf)
{
	uint32_t acb = 0;

	for (size_t i = 0; i < FLAG_MAP_LEN; i++)
		if (uf & flag_map[i].uf)
			acb |= flag_map[i].acb;
	return acb;
}
