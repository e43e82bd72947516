export function RequestsPage() {
  return <div>RequestsPage</div>;
}
