/* Differential test of the GnuTLS X.509 certificate API: prints one line per fact.
 * Run against the real libgnutls and under LD_PRELOAD=libtlsshim.so; the outputs
 * must be equal.   usage: gnutls_x509 [PKI-DIR]   (default $TLSSHIM_PKI, made by
 * ctests/mkpki_x509.sh) */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/abstract.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir;

static gnutls_datum_t load(const char *name)
{
	char path[4096];
	gnutls_datum_t d = { NULL, 0 };
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("cannot open %s\n", path);
		exit(2);
	}
	d.data = malloc(1 << 20);
	d.size = fread(d.data, 1, 1 << 20, f);
	fclose(f);
	return d;
}

static void hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static gnutls_x509_crt_t import(const char *name, gnutls_x509_crt_fmt_t fmt)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t d = load(name);
	int ret = gnutls_x509_crt_init(&crt);
	printf("%s: init %d\n", name, ret);
	ret = gnutls_x509_crt_import(crt, &d, fmt);
	printf("%s: import(%s) %d\n", name, fmt == GNUTLS_X509_FMT_PEM ? "PEM" : "DER", ret);
	free(d.data);
	if (ret < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

static void dn_facts(const char *name, gnutls_x509_crt_t crt)
{
	char buf[2048];
	size_t size = 0;
	int ret = gnutls_x509_crt_get_dn(crt, NULL, &size);
	printf("%s: get_dn(NULL) %d size=%zu\n", name, ret, size);
	size_t need = size;
	size = need - 1;
	ret = gnutls_x509_crt_get_dn(crt, buf, &size);
	printf("%s: get_dn(short) %d size=%zu\n", name, ret, size);
	size = need;
	ret = gnutls_x509_crt_get_dn(crt, buf, &size);
	printf("%s: get_dn(exact) %d size=%zu dn=[%s]\n", name, ret, size, ret == 0 ? buf : "");
	size = sizeof buf;
	ret = gnutls_x509_crt_get_issuer_dn(crt, buf, &size);
	printf("%s: get_issuer_dn %d size=%zu dn=[%s]\n", name, ret, size, ret == 0 ? buf : "");

	gnutls_datum_t d = { NULL, 0 };
	ret = gnutls_x509_crt_get_dn2(crt, &d);
	printf("%s: get_dn2 %d size=%u dn=[%s] nul=%d\n", name, ret, d.size, ret == 0 ? (char *)d.data : "",
	       ret == 0 ? d.data[d.size] == 0 : -1);
	gnutls_free(d.data);
	ret = gnutls_x509_crt_get_issuer_dn2(crt, &d);
	printf("%s: get_issuer_dn2 %d size=%u dn=[%s]\n", name, ret, d.size, ret == 0 ? (char *)d.data : "");
	gnutls_free(d.data);

	const char *oids[] = { GNUTLS_OID_X520_COMMON_NAME, GNUTLS_OID_X520_ORGANIZATION_NAME,
			       GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, GNUTLS_OID_X520_COUNTRY_NAME,
			       GNUTLS_OID_PKCS9_EMAIL, "0.9.2342.19200300.100.1.25", "2.5.4.9",
			       "2.5.4.5", "1.2.3.4" };
	for (unsigned o = 0; o < sizeof oids / sizeof *oids; o++)
		for (unsigned idx = 0; idx < 3; idx++)
			for (unsigned raw = 0; raw < 2; raw++) {
				size = sizeof buf;
				memset(buf, 0, sizeof buf);
				ret = gnutls_x509_crt_get_dn_by_oid(crt, oids[o], idx, raw, buf, &size);
				printf("%s: get_dn_by_oid(%s,%u,%u) %d size=%zu val=", name, oids[o], idx, raw, ret, size);
				if (ret == 0 && raw)
					hex((unsigned char *)buf, size);
				else if (ret == 0)
					printf("[%s]", buf);
				printf("\n");
			}
	size = 0;
	ret = gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, NULL, &size);
	printf("%s: get_dn_by_oid(CN,NULL) %d size=%zu\n", name, ret, size);
	size = 0;
	ret = gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 1, NULL, &size);
	printf("%s: get_dn_by_oid(CN,raw,NULL) %d size=%zu\n", name, ret, size);
}

static void facts(const char *name, gnutls_x509_crt_t crt)
{
	unsigned char buf[4096];
	size_t size;
	int ret;
	dn_facts(name, crt);
	printf("%s: activation %ld expiration %ld\n", name, (long)gnutls_x509_crt_get_activation_time(crt),
	       (long)gnutls_x509_crt_get_expiration_time(crt));
	printf("%s: version %d\n", name, gnutls_x509_crt_get_version(crt));
	unsigned bits = 0;
	ret = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	printf("%s: pk %d bits %u; pk(NULL) %d\n", name, ret, bits, gnutls_x509_crt_get_pk_algorithm(crt, NULL));
	gnutls_digest_algorithm_t algs[] = { GNUTLS_DIG_MD5, GNUTLS_DIG_SHA1, GNUTLS_DIG_SHA256,
					     GNUTLS_DIG_SHA384, GNUTLS_DIG_SHA512, GNUTLS_DIG_SHA224, 0, 9999 };
	for (unsigned i = 0; i < sizeof algs / sizeof *algs; i++) {
		size = sizeof buf;
		ret = gnutls_x509_crt_get_fingerprint(crt, algs[i], buf, &size);
		printf("%s: fingerprint(%d) %d size=%zu ", name, algs[i], ret, size);
		if (ret == 0)
			hex(buf, size);
		size = 4;
		ret = gnutls_x509_crt_get_fingerprint(crt, algs[i], buf, &size);
		printf(" short %d size=%zu", ret, size);
		size = 0;
		ret = gnutls_x509_crt_get_fingerprint(crt, algs[i], NULL, &size);
		printf(" null %d size=%zu\n", ret, size);
	}
	gnutls_datum_t out = { NULL, 0 };
	ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &out);
	printf("%s: export2(DER) %d size=%u sum=", name, ret, out.size);
	unsigned long sum = 0;
	for (unsigned i = 0; i < out.size; i++)
		sum = sum * 31 + out.data[i];
	printf("%lu\n", sum);
	gnutls_free(out.data);
	ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &out);
	printf("%s: export2(PEM) %d size=%u pem=[%s]\n", name, ret, out.size, ret == 0 ? (char *)out.data : "");
	gnutls_free(out.data);
	ret = gnutls_x509_crt_print(crt, GNUTLS_CRT_PRINT_ONELINE, &out);
	printf("%s: print(ONELINE) %d [%s]\n", name, ret, ret == 0 ? (char *)out.data : "");
	gnutls_free(out.data);

	const char *hosts[] = { "www.example.com", "WWW.EXAMPLE.COM", "www.example.com.", "example.com",
				"a.example.org", "A.Example.Org", "example.org", "a.b.example.org", ".example.org",
				"fooX.example.net", "foo.example.net", "barfoo.example.net", "127.0.0.1", "::1",
				"0:0:0:0:0:0:0:1", "[::1]", "127.0.0.2", "10.0.0.1", "cnonly.example.com",
				"CNONLY.example.com", "x.wild.example", "wild.example", "nodns.example", "a.b.example.com",
				"x.example.com", "com", "xn--bcher-kva.example", "upper.example.com", "second.example",
				"a", "b", "Bücher.example", "", "x@nodns.example", "www.example.com\n", "www.exa\tmple.com", "www.example.com ",
				"one.example", "two.example", "eku.example", "ekus.example", "1.2.3", "127.1", "::ffff:127.0.0.1" };
	for (unsigned i = 0; i < sizeof hosts / sizeof *hosts; i++)
		printf("%s: check_hostname(%s) %u nowild=%u noip=%u other=%u\n", name, hosts[i],
		       gnutls_x509_crt_check_hostname(crt, hosts[i]),
		       gnutls_x509_crt_check_hostname2(crt, hosts[i], GNUTLS_VERIFY_DO_NOT_ALLOW_WILDCARDS),
		       gnutls_x509_crt_check_hostname2(crt, hosts[i], GNUTLS_VERIFY_DO_NOT_ALLOW_IP_MATCHES),
		       gnutls_x509_crt_check_hostname2(crt, hosts[i], GNUTLS_VERIFY_DISABLE_TIME_CHECKS));
}

/* gnutls_pubkey_*: what wget's public-key pinning does with a peer certificate. */
static void pubkey_facts(const char *name, gnutls_x509_crt_t crt)
{
	gnutls_pubkey_t key, again;
	unsigned char buf[8192], buf2[8192];
	unsigned bits = 0;
	int ret = gnutls_pubkey_init(&key);
	printf("%s: pubkey_init %d\n", name, ret);
	ret = gnutls_pubkey_import_x509(key, crt, 0);
	int pk = gnutls_pubkey_get_pk_algorithm(key, &bits);
	printf("%s: pubkey_import_x509 %d pk=%d bits=%u\n", name, ret, pk, bits);
	size_t size = 0;
	ret = gnutls_pubkey_export(key, GNUTLS_X509_FMT_DER, NULL, &size);
	printf("%s: pubkey_export(DER, NULL) %d size=%zu\n", name, ret, size);
	size_t need = size;
	size = need - 1;
	ret = gnutls_pubkey_export(key, GNUTLS_X509_FMT_DER, buf, &size);
	printf("%s: pubkey_export(DER, short) %d size=%zu\n", name, ret, size);
	size = sizeof buf;
	ret = gnutls_pubkey_export(key, GNUTLS_X509_FMT_DER, buf, &size);
	printf("%s: pubkey_export(DER) %d size=%zu ", name, ret, size);
	hex(buf, ret == 0 ? size : 0);
	printf("\n");
	size_t der_size = size;
	size = 0;
	ret = gnutls_pubkey_export(key, GNUTLS_X509_FMT_PEM, NULL, &size);
	printf("%s: pubkey_export(PEM, NULL) %d size=%zu\n", name, ret, size);
	size = sizeof buf2;
	ret = gnutls_pubkey_export(key, GNUTLS_X509_FMT_PEM, buf2, &size);
	printf("%s: pubkey_export(PEM) %d size=%zu nul=%d\n%.*s", name, ret, size,
	       ret == 0 && size < sizeof buf2 && buf2[size] == 0, ret == 0 ? (int)size : 0, (char *)buf2);
	gnutls_datum_t d = { NULL, 0 };
	ret = gnutls_pubkey_export2(key, GNUTLS_X509_FMT_DER, &d);
	printf("%s: pubkey_export2(DER) %d same=%d\n", name, ret,
	       ret == 0 && d.size == der_size && memcmp(d.data, buf, der_size) == 0);
	gnutls_pubkey_init(&again);
	ret = gnutls_pubkey_import(again, &d, GNUTLS_X509_FMT_DER);
	size = sizeof buf2;
	int ret2 = gnutls_pubkey_export(again, GNUTLS_X509_FMT_DER, buf2, &size);
	printf("%s: pubkey_import(DER) %d export %d same=%d\n", name, ret, ret2,
	       ret2 == 0 && size == der_size && memcmp(buf2, buf, der_size) == 0);
	gnutls_free(d.data);
	gnutls_pubkey_deinit(again);
	gnutls_pubkey_deinit(key);
}

static void list_import(const char *name, unsigned max, unsigned flags)
{
	gnutls_datum_t d = load(name);
	gnutls_x509_crt_t certs[8];
	unsigned n = max;
	int ret = gnutls_x509_crt_list_import(certs, &n, &d, GNUTLS_X509_FMT_PEM, flags);
	printf("%s: list_import(max=%u,flags=%u) %d n=%u\n", name, max, flags, ret, n);
	for (int i = 0; i < ret && i < (int)max; i++) {
		char buf[512];
		size_t size = sizeof buf;
		gnutls_x509_crt_get_dn(certs[i], buf, &size);
		printf("%s:   [%d] %s\n", name, i, buf);
		gnutls_x509_crt_deinit(certs[i]);
	}
	gnutls_x509_crt_t *list = NULL;
	unsigned count = 0;
	ret = gnutls_x509_crt_list_import2(&list, &count, &d, GNUTLS_X509_FMT_PEM, flags);
	printf("%s: list_import2(flags=%u) %d n=%u\n", name, flags, ret, count);
	for (unsigned i = 0; ret >= 0 && i < count; i++)
		gnutls_x509_crt_deinit(list[i]);
	if (ret >= 0)
		gnutls_free(list);
	free(d.data);
}

int main(int argc, char **argv)
{
	dir = argc > 1 ? argv[1] : getenv("TLSSHIM_PKI");
	if (!dir) {
		fprintf(stderr, "usage: %s PKI-DIR (from ctests/mkpki_x509.sh)\n", argv[0]);
		return 2;
	}
	const char *pems[] = { "ca.pem", "san.pem", "cnonly.pem", "cnwild.pem", "ipsan.pem", "nodns.pem",
			       "multi.pem", "utf8.pem", "twocn.pem", "ekuclient.pem", "ekuserver.pem" };
	for (unsigned i = 0; i < sizeof pems / sizeof *pems; i++) {
		gnutls_x509_crt_t crt = import(pems[i], GNUTLS_X509_FMT_PEM);
		if (crt) {
			facts(pems[i], crt);
			pubkey_facts(pems[i], crt);
			gnutls_x509_crt_deinit(crt);
		}
	}
	gnutls_x509_crt_t crt = import("san.der", GNUTLS_X509_FMT_DER);
	if (crt) {
		dn_facts("san.der", crt);
		gnutls_x509_crt_t ca = import("ca.der", GNUTLS_X509_FMT_DER);
		printf("check_issuer(san,ca) %u check_issuer(ca,ca) %u check_issuer(ca,san) %u\n",
		       gnutls_x509_crt_check_issuer(crt, ca), gnutls_x509_crt_check_issuer(ca, ca),
		       gnutls_x509_crt_check_issuer(ca, crt));
		gnutls_x509_crt_deinit(ca);
		gnutls_x509_crt_deinit(crt);
	}
	/* wrong format, garbage, bad base64 */
	import("san.der", GNUTLS_X509_FMT_PEM);
	import("san.pem", GNUTLS_X509_FMT_DER);
	import("garbage.bin", GNUTLS_X509_FMT_DER);
	import("garbage.bin", GNUTLS_X509_FMT_PEM);
	import("badb64.pem", GNUTLS_X509_FMT_PEM);
	import("ca.key", GNUTLS_X509_FMT_PEM);
	import("trunc.der", GNUTLS_X509_FMT_DER);
	import("trailing.der", GNUTLS_X509_FMT_DER);
	import("pemgarbage.pem", GNUTLS_X509_FMT_PEM);
	list_import("unsorted.pem", 8, 0);
	list_import("unsorted.pem", 8, GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
	list_import("pemgarbage.pem", 8, 0);
	list_import("ca.key", 8, 0);
	list_import("chain.pem", 8, 0);
	list_import("chain.pem", 1, 0);
	list_import("chain.pem", 1, GNUTLS_X509_CRT_LIST_IMPORT_FAIL_IF_EXCEED);
	list_import("chain.pem", 8, GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
	list_import("garbage.bin", 8, 0);
	list_import("badb64.pem", 8, 0);

	/* A key with nothing imported, and bad input. */
	gnutls_pubkey_t key;
	unsigned char buf[64];
	size_t size = sizeof buf;
	unsigned bits = 7;
	gnutls_pubkey_init(&key);
	printf("empty pubkey: get_pk_algorithm %d bits=%u\n", gnutls_pubkey_get_pk_algorithm(key, &bits), bits);
	printf("empty pubkey: export %d\n", gnutls_pubkey_export(key, GNUTLS_X509_FMT_DER, buf, &size));
	gnutls_datum_t junk = { (unsigned char *)"junk", 4 };
	printf("pubkey_import(junk, DER) %d\n", gnutls_pubkey_import(key, &junk, GNUTLS_X509_FMT_DER));
	printf("pubkey_import(junk, PEM) %d\n", gnutls_pubkey_import(key, &junk, GNUTLS_X509_FMT_PEM));
	gnutls_pubkey_deinit(key);
	return 0;
}
