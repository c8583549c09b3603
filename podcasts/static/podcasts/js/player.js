// "Play in new window": a small pop-up window rather than a new tab. Without
// JavaScript (or if pop-ups are blocked) the link opens the standalone player
// page in a new tab.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-player-window]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const popup = window.open(link.href, "pressroom-player", "popup,width=480,height=400");
  if (popup) {
    popup.opener = null;
    event.preventDefault();
  }
});

// Chapters seek the episode's player. Without JavaScript the chapter's link
// opens the audio file at that time (a media fragment, "#t=90").
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-seek]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const audio = document.querySelector(".player__audio");
  const seconds = Number(link.dataset.seek);
  if (!audio || !Number.isFinite(seconds)) return;
  event.preventDefault();
  audio.currentTime = seconds;
  audio.play().catch(() => {});
  audio.focus();
});
