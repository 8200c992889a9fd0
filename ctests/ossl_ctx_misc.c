/* The SSL_CTX setters and getters servers and Python call at start-up: password
 * callbacks for encrypted private keys, CA name lists (SSL_add_file_cert_subjects_to_stack,
 * SSL_add_dir_cert_subjects_to_stack, SSL_dup_CA_list, SSL_get_client_CA_list), the
 * cipher stacks (SSL_CTX_get_ciphers, SSL_get_ciphers, SSL_get_client_ciphers) and the
 * compression method stack. No peer; one line a fact. */
#include "harness.h"
#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>

static int calls, last_rwflag, last_size;
static void *last_userdata;

/* When set, the callback calls back into the object whose key is being loaded, as a
 * program's callback may (Python's reads the context): the library must hold no lock
 * or borrow of it meanwhile. */
static SSL_CTX *reenter_ctx;
static SSL *reenter_ssl;
static int reentered;

static int passwd_cb(char *buf, int size, int rwflag, void *userdata)
{
	calls++;
	if (reenter_ctx && SSL_CTX_get_default_passwd_cb_userdata(reenter_ctx) == userdata)
		reentered += (SSL_CTX_get_options(reenter_ctx) & SSL_OP_NO_TICKET) != 0;
	if (reenter_ssl && SSL_get_default_passwd_cb_userdata(reenter_ssl) == userdata)
		reentered += (SSL_get_options(reenter_ssl) & SSL_OP_NO_TICKET) != 0;
	last_rwflag = rwflag;
	last_size = size > 0;
	last_userdata = userdata;
	const char *pw = userdata ? (const char *)userdata : "";
	int n = (int)strlen(pw);
	if (n > size)
		n = size;
	memcpy(buf, pw, (size_t)n);
	return n;
}

/* The error queue: library and reason of each entry, oldest first (then cleared). */
static void print_errors(const char *what)
{
	unsigned long e;
	int n = 0;
	printf("%s errors:", what);
	while ((e = ERR_get_error()) != 0) {
		const char *r = ERR_reason_error_string(e);
		printf(" [%s: %s]", ERR_lib_error_string(e) ? ERR_lib_error_string(e) : "?", r ? r : "?");
		n++;
	}
	printf("%s\n", n ? "" : " none");
}

/* A client and a server SSL over a BIO pair, driven in turns: whether each finished
 * its handshake. */
static void pair_handshake(SSL *cli, SSL *srv, int *done_c, int *done_s)
{
	harness_bio_pair(cli, srv);
	SSL_set_connect_state(cli);
	SSL_set_accept_state(srv);
	*done_c = *done_s = 0;
	for (int i = 0; i < 100 && !(*done_c && *done_s); i++) {
		if (!*done_c)
			*done_c = SSL_do_handshake(cli) == 1;
		if (!*done_s)
			*done_s = SSL_do_handshake(srv) == 1;
	}
}

static int names(STACK_OF(X509_NAME) * sk)
{
	return sk ? sk_X509_NAME_num(sk) : -1;
}

static void cipher_facts(const char *what, STACK_OF(SSL_CIPHER) * sk)
{
	if (!sk) {
		say("%s: NULL", what);
		return;
	}
	int n = sk_SSL_CIPHER_num(sk);
	printf("%s: %s first:", what, n > 0 ? "nonempty" : "empty");
	for (int i = 0; i < n && i < 3; i++)
		printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
	printf("\n");
}

int main(void)
{
	harness_init();
	char dir[] = "/tmp/tlsshim-ctx-misc.XXXXXX";
	if (!mkdtemp(dir))
		harness_die("mkdtemp");
	char enc[512];
	snprintf(enc, sizeof enc, "%s/enc.key", dir);

	/* An encrypted copy of server.key (PKCS#8, AES-256-CBC, password "secret"). */
	FILE *in = fopen(pki("server.key"), "r");
	EVP_PKEY *key = in ? PEM_read_PrivateKey(in, NULL, NULL, NULL) : NULL;
	if (in)
		fclose(in);
	FILE *out = fopen(enc, "w");
	if (!key || !out ||
	    !PEM_write_PKCS8PrivateKey(out, key, EVP_aes_256_cbc(), NULL, 0, NULL, (void *)"secret"))
		harness_die("cannot write the encrypted key");
	fclose(out);
	EVP_PKEY_free(key);

	/* Password callbacks. */
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	say("default passwd cb: %s userdata: %s", SSL_CTX_get_default_passwd_cb(ctx) ? "set" : "NULL",
	    SSL_CTX_get_default_passwd_cb_userdata(ctx) ? "set" : "NULL");
	SSL_CTX_set_default_passwd_cb(ctx, passwd_cb);
	SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)"secret");
	say("passwd cb: %s userdata: %s", SSL_CTX_get_default_passwd_cb(ctx) == passwd_cb ? "ours" : "other",
	    SSL_CTX_get_default_passwd_cb_userdata(ctx) ? (char *)SSL_CTX_get_default_passwd_cb_userdata(ctx) : "NULL");
	int rc;
	say("use_certificate_file: %d", SSL_CTX_use_certificate_file(ctx, pki("server.pem"), SSL_FILETYPE_PEM));
	say("use_PrivateKey_file(encrypted): %d", SSL_CTX_use_PrivateKey_file(ctx, enc, SSL_FILETYPE_PEM));
	say("callback: calls=%d rwflag=%d size>0=%d userdata=%s", calls, last_rwflag, last_size,
	    last_userdata ? (char *)last_userdata : "NULL");
	say("check_private_key: %d", SSL_CTX_check_private_key(ctx));
	print_errors("good password");
	SSL_CTX_free(ctx);

	ctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX_set_default_passwd_cb(ctx, passwd_cb);
	SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)"wrong");
	calls = 0;
	rc = SSL_CTX_use_PrivateKey_file(ctx, enc, SSL_FILETYPE_PEM);
	say("use_PrivateKey_file(wrong password): %d calls=%d", rc, calls);
	print_errors("wrong password");
	say("use_PrivateKey_file(plain): %d", SSL_CTX_use_PrivateKey_file(ctx, pki("server.key"), SSL_FILETYPE_PEM));
	print_errors("plain key");
	SSL_CTX_free(ctx);

	/* On an SSL: its own callback, inherited from the context. */
	ctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX_set_default_passwd_cb(ctx, passwd_cb);
	SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)"secret");
	SSL *ssl = SSL_new(ctx);
	say("SSL passwd cb: %s userdata: %s", SSL_get_default_passwd_cb(ssl) == passwd_cb ? "ours" : "other",
	    SSL_get_default_passwd_cb_userdata(ssl) ? (char *)SSL_get_default_passwd_cb_userdata(ssl) : "NULL");
	SSL_set_default_passwd_cb_userdata(ssl, (void *)"secret");
	calls = 0;
	say("SSL_use_certificate_file: %d", SSL_use_certificate_file(ssl, pki("server.pem"), SSL_FILETYPE_PEM));
	rc = SSL_use_PrivateKey_file(ssl, enc, SSL_FILETYPE_PEM);
	say("SSL_use_PrivateKey_file(encrypted): %d calls=%d", rc, calls);
	say("SSL_check_private_key: %d", SSL_check_private_key(ssl));
	print_errors("SSL key");
	SSL_free(ssl);
	SSL_CTX_free(ctx);

	/* The callback calls SSL_CTX_* / SSL_* on the object being loaded. */
	ctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	SSL_CTX_set_default_passwd_cb(ctx, passwd_cb);
	SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)"secret");
	reenter_ctx = ctx;
	calls = 0;
	rc = SSL_CTX_use_PrivateKey_file(ctx, enc, SSL_FILETYPE_PEM);
	say("re-entrant callback, SSL_CTX_use_PrivateKey_file: %d calls=%d reentered=%d", rc, calls, reentered);
	reenter_ctx = NULL;
	ssl = SSL_new(ctx);
	reenter_ssl = ssl;
	reentered = 0;
	SSL_use_certificate_file(ssl, pki("server.pem"), SSL_FILETYPE_PEM);
	rc = SSL_use_PrivateKey_file(ssl, enc, SSL_FILETYPE_PEM);
	say("re-entrant callback, SSL_use_PrivateKey_file: %d reentered=%d check=%d", rc, reentered,
	    SSL_check_private_key(ssl));
	reenter_ssl = NULL;
	print_errors("re-entrant callback");
	SSL_free(ssl);
	SSL_CTX_free(ctx);

	/* CA name lists. */
	STACK_OF(X509_NAME) *sk = sk_X509_NAME_new_null();
	const char *adds[] = { "ca.pem", "ca.pem", "server-chain.pem", "other-ca.pem" };
	for (unsigned i = 0; i < 4; i++) {
		rc = SSL_add_file_cert_subjects_to_stack(sk, pki(adds[i]));
		say("add_file_cert_subjects(%s): %d n=%d", adds[i], rc, names(sk));
	}
	rc = SSL_add_file_cert_subjects_to_stack(sk, "/nonexistent/ca.pem");
	say("add_file_cert_subjects(missing): %d n=%d", rc, names(sk));
	print_errors("missing file");
	char cadir[600], path[700];
	snprintf(cadir, sizeof cadir, "%s/cas", dir);
	mkdir(cadir, 0700);
	const char *files[] = { "ca.pem", "other-ca.pem" };
	for (unsigned i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", cadir, files[i]);
		FILE *src = fopen(pki(files[i]), "r"), *dst = fopen(path, "w");
		char buf[4096];
		size_t n;
		while (src && dst && (n = fread(buf, 1, sizeof buf, src)) > 0)
			fwrite(buf, 1, n, dst);
		if (src)
			fclose(src);
		if (dst)
			fclose(dst);
	}
	STACK_OF(X509_NAME) *sk2 = sk_X509_NAME_new_null();
	rc = SSL_add_dir_cert_subjects_to_stack(sk2, cadir);
	say("add_dir_cert_subjects: %d n=%d", rc, names(sk2));
	STACK_OF(X509_NAME) *dup = SSL_dup_CA_list(sk2);
	say("dup_CA_list: n=%d distinct=%d", names(dup), dup != sk2);
	sk_X509_NAME_pop_free(dup, X509_NAME_free);

	ctx = SSL_CTX_new(TLS_method());
	ssl = SSL_new(ctx);
	SSL_set_connect_state(ssl);
	say("client SSL_get_client_CA_list: n=%d", names(SSL_get_client_CA_list(ssl)));
	SSL_free(ssl);
	SSL_CTX_set_client_CA_list(ctx, sk2);
	ssl = SSL_new(ctx);
	SSL_set_accept_state(ssl);
	say("server SSL_get_client_CA_list (from the context): n=%d", names(SSL_get_client_CA_list(ssl)));
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	sk_X509_NAME_pop_free(sk, X509_NAME_free);

	/* Cipher stacks: the suites tlsshim offers are the ones both have; the lists are
	 * compared where they are made of those. */
	ctx = SSL_CTX_new(TLS_method());
	cipher_facts("CTX_get_ciphers(default)", SSL_CTX_get_ciphers(ctx));
	SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305");
	SSL_CTX_set_ciphersuites(ctx, "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256");
	STACK_OF(SSL_CIPHER) *cs = SSL_CTX_get_ciphers(ctx);
	printf("CTX_get_ciphers(set): %d:", cs ? sk_SSL_CIPHER_num(cs) : -1);
	for (int i = 0; cs && i < sk_SSL_CIPHER_num(cs); i++)
		printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(cs, i)));
	printf("\n");
	ssl = SSL_new(ctx);
	cs = SSL_get_ciphers(ssl);
	printf("SSL_get_ciphers: %d:", cs ? sk_SSL_CIPHER_num(cs) : -1);
	for (int i = 0; cs && i < sk_SSL_CIPHER_num(cs); i++)
		printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(cs, i)));
	printf("\n");
	say("SSL_get_client_ciphers (a client, before a handshake): %s", SSL_get_client_ciphers(ssl) ? "set" : "NULL");
	SSL_free(ssl);
	SSL_CTX_free(ctx);

	/* An SSL's own certificate and key (SSL_use_*) are what its handshake serves:
	 * the context has server.pem, the SSL expired.pem (both ECDSA P-256: OpenSSL keeps
	 * one certificate per key type, and would still serve the context's ECDSA one
	 * next to an RSA one set on the SSL). Over a BIO pair. */
	{
		SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
		SSL_CTX_use_certificate_file(sctx, pki("server.pem"), SSL_FILETYPE_PEM);
		SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
		SSL *srv = SSL_new(sctx), *cli = SSL_new(cctx);
		/* The client offers only suites both libraries have (OpenSSL lists every
		 * suite it knows of those a client offers). */
		SSL_set_cipher_list(cli, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305");
		SSL_set_ciphersuites(cli, "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256");
		say("SSL_get_certificate before: %s", SSL_get_certificate(srv) == SSL_CTX_get0_certificate(sctx) ? "the context's" : "other");
		say("SSL_use_certificate_file(expired): %d", SSL_use_certificate_file(srv, pki("expired.pem"), SSL_FILETYPE_PEM));
		say("SSL_use_PrivateKey_file(expired): %d", SSL_use_PrivateKey_file(srv, pki("expired.key"), SSL_FILETYPE_PEM));
		say("SSL_check_private_key: %d", SSL_check_private_key(srv));
		say("SSL_get_certificate after: %s", SSL_get_certificate(srv) == SSL_CTX_get0_certificate(sctx) ? "the context's" : "its own");
		int done_c, done_s;
		pair_handshake(cli, srv, &done_c, &done_s);
		X509 *peer = SSL_get1_peer_certificate(cli);
		FILE *f = fopen(pki("expired.pem"), "r");
		X509 *want = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
		if (f)
			fclose(f);
		STACK_OF(SSL_CIPHER) *offered = SSL_get_client_ciphers(srv);
		printf("server's SSL_get_client_ciphers: %d:", offered ? sk_SSL_CIPHER_num(offered) : -1);
		for (int i = 0; offered && i < sk_SSL_CIPHER_num(offered); i++)
			printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(offered, i)));
		printf("\n");
		say("client's SSL_get_client_ciphers: %s", SSL_get_client_ciphers(cli) ? "stack" : "NULL");
		say("handshake: client %d server %d; served: %s", done_c, done_s,
		    !peer ? "nothing" : want && X509_cmp(peer, want) == 0 ? "the SSL's own (expired.pem)" : "another");
		X509_free(peer);
		X509_free(want);
		SSL_free(cli);
		SSL_free(srv);
		SSL_CTX_free(cctx);
		SSL_CTX_free(sctx);
		print_errors("own certificate");
	}

	/* Suites by id, the SSL's own cipher lists, the private key getters, CA names
	 * added one by one. */
	{
		SSL_CTX *c = SSL_CTX_new(TLS_method());
		SSL *s = SSL_new(c);
		const unsigned char id1301[2] = { 0x13, 0x01 }, idc02b[2] = { 0xc0, 0x2b }, bad[2] = { 0xee, 0xee };
		const SSL_CIPHER *f1 = SSL_CIPHER_find(s, id1301), *f2 = SSL_CIPHER_find(s, idc02b);
		say("CIPHER_find: %s %s %s", f1 ? SSL_CIPHER_get_name(f1) : "NULL", f2 ? SSL_CIPHER_get_name(f2) : "NULL",
		    SSL_CIPHER_find(s, bad) ? "found" : "NULL");
		rc = SSL_set_cipher_list(s, "ECDHE-ECDSA-AES128-GCM-SHA256");
		int rc2 = SSL_set_ciphersuites(s, "TLS_AES_128_GCM_SHA256");
		STACK_OF(SSL_CIPHER) *l = SSL_get_ciphers(s);
		printf("SSL_set_cipher_list: %d set_ciphersuites: %d get_ciphers: %d:", rc, rc2, l ? sk_SSL_CIPHER_num(l) : -1);
		for (int i = 0; l && i < sk_SSL_CIPHER_num(l); i++)
			printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(l, i)));
		printf("\n");
		l = SSL_CTX_get_ciphers(c);
		say("the context's list unchanged: %d", l ? sk_SSL_CIPHER_num(l) > 2 : -1);
		rc = SSL_set_cipher_list(s, "NOPE");
		say("SSL_set_cipher_list(NOPE): %d", rc);
		print_errors("bad cipher list");
		say("get_privatekey (none): %s, CTX_get0_privatekey: %s", SSL_get_privatekey(s) ? "key" : "NULL",
		    SSL_CTX_get0_privatekey(c) ? "key" : "NULL");
		SSL_CTX_use_certificate_file(c, pki("server.pem"), SSL_FILETYPE_PEM);
		SSL_CTX_use_PrivateKey_file(c, pki("server.key"), SSL_FILETYPE_PEM);
		EVP_PKEY *k1 = SSL_CTX_get0_privatekey(c);
		SSL *s2 = SSL_new(c);
		EVP_PKEY *k2 = SSL_get_privatekey(s2);
		say("CTX_get0_privatekey: %s; SSL_get_privatekey: %s matches the certificate: %d",
		    k1 ? (EVP_PKEY_get_base_id(k1) == EVP_PKEY_EC ? "EC" : "other") : "NULL",
		    k2 ? (EVP_PKEY_get_base_id(k2) == EVP_PKEY_EC ? "EC" : "other") : "NULL",
		    k2 && SSL_get_certificate(s2) ? X509_check_private_key(SSL_get_certificate(s2), k2) : -1);
		FILE *f = fopen(pki("other-ca.pem"), "r");
		X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
		if (f)
			fclose(f);
		rc = SSL_CTX_add_client_CA(c, x);
		say("CTX_add_client_CA: %d n=%d", rc, names(SSL_CTX_get_client_CA_list(c)));
		SSL_set_accept_state(s2);
		rc = SSL_add_client_CA(s2, x);
		say("SSL_add_client_CA: %d n=%d (the SSL's own list)", rc, names(SSL_get_client_CA_list(s2)));
		X509_free(x);
		SSL_free(s2);
		SSL_free(s);
		SSL_CTX_free(c);
		say("COMP_get_name(NULL): %s add_compression_method: %d", SSL_COMP_get_name(NULL) ? "name" : "NULL",
		    SSL_COMP_add_compression_method(1, NULL));
		print_errors("misc");
	}

	/* A server SSL with its own certificate and key and none in its context. */
	{
		SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
		SSL *srv = SSL_new(sctx), *cli = SSL_new(cctx);
		rc = SSL_use_certificate_file(srv, pki("server.pem"), SSL_FILETYPE_PEM);
		int rc2 = SSL_use_PrivateKey_file(srv, pki("server.key"), SSL_FILETYPE_PEM);
		say("own certificate, context without: use_certificate_file %d use_PrivateKey_file %d", rc, rc2);
		int done_c, done_s;
		pair_handshake(cli, srv, &done_c, &done_s);
		say("own certificate, context without: handshake client %d server %d", done_c, done_s);
		SSL_free(cli);
		SSL_free(srv);
		SSL_CTX_free(cctx);
		SSL_CTX_free(sctx);
		print_errors("own certificate, context without");
	}

	/* Compression: none, as an empty stack. */
	STACK_OF(SSL_COMP) *meths = SSL_COMP_get_compression_methods();
	say("compression methods: %s n=%d", meths ? "stack" : "NULL", meths ? sk_SSL_COMP_num(meths) : -1);
	print_errors("end");

	unlink(enc);
	snprintf(path, sizeof path, "%s/ca.pem", cadir);
	unlink(path);
	snprintf(path, sizeof path, "%s/other-ca.pem", cadir);
	unlink(path);
	rmdir(cadir);
	rmdir(dir);
	return 0;
}
