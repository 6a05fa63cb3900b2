// zod/mini registers no locale, so every issue would read just "Invalid input". Classic zod registered English on
// first use, and its messages reach users and logs (validate.ts, parseWebviewMessage), so register the same ones.
// Imported for its side effect by every module that defines schemas; the setting is global and idempotent.
import * as z from 'zod/mini';

z.config(z.locales.en());
