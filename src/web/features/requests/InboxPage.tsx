export function InboxPage() {
  return <div>InboxPage</div>;
}
