// SPDX-License-Identifier: GPL-2.0-only
/*
 * What Debian's static libxml2 asks of ICU, answered without ICU.
 *
 * Debian builds libxml2 with ICU for its encoding converters; only
 * encoding.o refers to ICU, through the seven functions below. Linking
 * the real ICU statically pulls its 30 MB data library into pvctl (the
 * binary grows from ~2 MB to ~34 MB), for converters pvctl never uses:
 * config-xml.c accepts UTF-8 only, refuses any other declared encoding
 * or byte-order mark before libxml2 runs, and tells libxml2 the input
 * is UTF-8, which it decodes itself. So pvctl links these instead: a
 * converter cannot be opened (U_UNSUPPORTED_ERROR), and libxml2 then
 * reports an unsupported encoding, as a libxml2 built without ICU does.
 * <unicode/ucnv.h> gives the functions ICU's versioned link names
 * (ucnv_open_72...), so this follows the installed ICU.
 *
 * Only the static pvctl links this file; the unit tests link the shared
 * libxml2 with its real ICU.
 */
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

UConverter *ucnv_open(const char *name, UErrorCode *err)
{
	(void)name;
	*err = U_UNSUPPORTED_ERROR;
	return NULL;
}

void ucnv_close(UConverter *cnv)
{
	(void)cnv;
}

void ucnv_convertEx(UConverter *target_cnv, UConverter *source_cnv, char **target,
		    const char *target_limit, const char **source, const char *source_limit,
		    UChar *pivot_start, UChar **pivot_source, UChar **pivot_target,
		    const UChar *pivot_limit, UBool reset, UBool flush, UErrorCode *err)
{
	(void)target_cnv, (void)source_cnv, (void)target, (void)target_limit, (void)source;
	(void)source_limit, (void)pivot_start, (void)pivot_source, (void)pivot_target;
	(void)pivot_limit, (void)reset, (void)flush;
	*err = U_UNSUPPORTED_ERROR;
}

void ucnv_setToUCallBack(UConverter *cnv, UConverterToUCallback action, const void *context,
			 UConverterToUCallback *old_action, const void **old_context,
			 UErrorCode *err)
{
	(void)cnv, (void)action, (void)context, (void)old_action, (void)old_context;
	*err = U_UNSUPPORTED_ERROR;
}

void ucnv_setFromUCallBack(UConverter *cnv, UConverterFromUCallback action, const void *context,
			   UConverterFromUCallback *old_action, const void **old_context,
			   UErrorCode *err)
{
	(void)cnv, (void)action, (void)context, (void)old_action, (void)old_context;
	*err = U_UNSUPPORTED_ERROR;
}

void UCNV_FROM_U_CALLBACK_STOP(const void *context, UConverterFromUnicodeArgs *args,
			       const UChar *code_units, int32_t length, UChar32 code_point,
			       UConverterCallbackReason reason, UErrorCode *err)
{
	(void)context, (void)args, (void)code_units, (void)length, (void)code_point;
	(void)reason, (void)err;
}

void UCNV_TO_U_CALLBACK_STOP(const void *context, UConverterToUnicodeArgs *args,
			     const char *code_units, int32_t length,
			     UConverterCallbackReason reason, UErrorCode *err)
{
	(void)context, (void)args, (void)code_units, (void)length, (void)reason, (void)err;
}
