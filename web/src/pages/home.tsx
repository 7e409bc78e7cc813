/** The home screen: today's tasks, new leads, calls in progress, unread notifications. */
export function HomePage() {
  return (
    <section>
      <h1>Today</h1>
    </section>
  );
}
