// Sends a gateway hand-off form on its own (the button stays for browsers without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-autopost]");
  if (form) form.submit();
});
