/** The cookie that carries what was typed in the sign-in form back to it after a refusal. */
export const SIGN_IN_TYPED_COOKIE = "consult.sign-in-typed";
