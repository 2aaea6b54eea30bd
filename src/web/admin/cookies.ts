/** The newsroom's session cookie; scoped to /admin so reader pages never carry a cookie. */
export const SESSION_COOKIE = 'bs_session';
export const CSRF_COOKIE = 'bs_csrf';
export const COOKIE_PATH = '/admin';
