// The login form: the token goes once in a header; the answer sets an HttpOnly, SameSite=Strict session cookie.
"use strict";
document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = document.getElementById("token").value;
  const error = document.getElementById("login-error");
  error.textContent = "";
  const response = await fetch("login", { method: "POST", headers: { Authorization: "Bearer " + token }, credentials: "same-origin" });
  if (response.ok) {
    location.reload();
  } else {
    error.textContent = "That is not the admin token.";
  }
});
