import { css } from 'lit';

export const announcementsStyles = css`
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: baseline;
    margin-block-end: calc(var(--_space) * 1.5);
  }
  .feed {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  .item {
    margin: 0;
  }
  .item.unread {
    border-inline-start: 4px solid var(--pk-announcements-unread-color, var(--_primary));
  }
  .item.pinned {
    background: var(--_surface-2);
  }
  .item-head {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  .collapsed .rich-text {
    max-block-size: 6.5em;
    overflow: hidden;
    mask-image: linear-gradient(to bottom, black 60%, transparent);
  }
  .ack {
    color: var(--_warning);
    font-weight: 600;
    margin: 0;
  }
`;
