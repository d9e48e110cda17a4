// The pairing page of a new wall screen asks for its code by itself: showing the page writes
// nothing, posting its form (with the form's antiforgery token) makes the waiting screen.
document.querySelector("form[data-autosubmit]")?.submit();
