// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_json: the streaming JSON writer behind vxswctl -j/-p (control/json.c): structure,
 * commas and indentation, string escaping including invalid UTF-8, and misuse detection.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

static char text[4096];

/* Run fn on a writer over a memory buffer; returns json_finish()'s result. */
static int render(void (*fn)(struct json *), bool pretty)
{
	FILE *f = fmemopen(text, sizeof(text), "w");
	struct json j;
	int ret;

	assert_non_null(f);
	json_init(&j, f, pretty);
	fn(&j);
	ret = json_finish(&j);
	fclose(f);
	return ret;
}

static void doc(struct json *j)
{
	json_obj_open(j);
	json_kv_str(j, "mac", "00:11:22:33:44:55");
	json_kv_u64(j, "vni", 100);
	json_kv_bool(j, "static", true);
	json_key(j, "list");
	json_arr_open(j);
	json_u64(j, 1);
	json_u64(j, UINT64_MAX);
	json_arr_close(j);
	json_key(j, "empty");
	json_obj_open(j);
	json_obj_close(j);
	json_key(j, "ratio");
	json_double(j, 1.5);
	json_key(j, "none");
	json_null(j);
	json_obj_close(j);
}

static void test_compact(void **state)
{
	(void)state;
	assert_int_equal(render(doc, false), 0);
	assert_string_equal(text, "{\"mac\":\"00:11:22:33:44:55\",\"vni\":100,\"static\":true,"
				  "\"list\":[1,18446744073709551615],\"empty\":{},\"ratio\":1.50,"
				  "\"none\":null}\n");
}

static void test_pretty(void **state)
{
	(void)state;
	assert_int_equal(render(doc, true), 0);
	assert_string_equal(text, "{\n"
				  "  \"mac\": \"00:11:22:33:44:55\",\n"
				  "  \"vni\": 100,\n"
				  "  \"static\": true,\n"
				  "  \"list\": [\n"
				  "    1,\n"
				  "    18446744073709551615\n"
				  "  ],\n"
				  "  \"empty\": {},\n"
				  "  \"ratio\": 1.50,\n"
				  "  \"none\": null\n"
				  "}\n");
}

static void escapes(struct json *j)
{
	json_arr_open(j);
	json_str(j, "q\"b\\n\n\t\r\b\f\x01\x1f");
	json_str(j, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"); /* valid UTF-8 passes */
	json_str(j, "\xff\xc3(\xc0\xaf\xed\xa0\x80\xe2\x82");	  /* invalid: U+FFFD each */
	json_arr_close(j);
}

static void test_escapes(void **state)
{
	(void)state;
	assert_int_equal(render(escapes, false), 0);
	assert_string_equal(text, "[\"q\\\"b\\\\n\\n\\t\\r\\b\\f\\u0001\\u001f\","
				  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
				  "\"\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd"
				  "\\ufffd\"]\n");
}

static void value_without_key(struct json *j)
{
	json_obj_open(j);
	json_u64(j, 1);
	json_obj_close(j);
}

static void unclosed(struct json *j)
{
	json_arr_open(j);
}

static void mismatched(struct json *j)
{
	json_arr_open(j);
	json_obj_close(j);
}

static void key_in_array(struct json *j)
{
	json_arr_open(j);
	json_key(j, "k");
	json_arr_close(j);
}

static void two_documents(struct json *j)
{
	json_u64(j, 1);
	json_u64(j, 2);
}

static void too_deep(struct json *j)
{
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_arr_open(j);
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_arr_close(j);
}

static void test_misuse(void **state)
{
	(void)state;
	assert_int_equal(render(value_without_key, false), -EINVAL);
	assert_int_equal(render(unclosed, false), -EINVAL);
	assert_int_equal(render(mismatched, false), -EINVAL);
	assert_int_equal(render(key_in_array, false), -EINVAL);
	assert_int_equal(render(two_documents, false), -EINVAL);
	assert_int_equal(render(too_deep, false), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
