/** `yyyy-MM-dd HH:mm:ss` in one time zone (IBPS formats dates on the server, without a zone). */
export function dateFormatter(timeZone: string): (epochSeconds: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (epochSeconds) => {
    const part: Record<string, string> = {};
    for (const { type, value } of format.formatToParts(new Date(epochSeconds * 1000))) part[type] = value;
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
  };
}
