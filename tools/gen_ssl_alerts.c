/* Prints the real libssl's alert strings: "desc\t<value>\t<short>\t<long>" for every
 * description value whose long text is not "unknown", and "type\t<level>\t<short>\t<long>". */
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    printf("default\t%s\t%s\n", SSL_alert_desc_string(255), SSL_alert_desc_string_long(255));
    for (int v = 0; v < 256; v++)
        if (strcmp(SSL_alert_desc_string_long(v), SSL_alert_desc_string_long(255)))
            printf("desc\t%d\t%s\t%s\n", v, SSL_alert_desc_string(v), SSL_alert_desc_string_long(v));
    for (int l = 0; l < 4; l++)
        printf("type\t%d\t%s\t%s\n", l, SSL_alert_type_string(l << 8), SSL_alert_type_string_long(l << 8));
    return 0;
}
